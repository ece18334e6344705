package schema

// This file holds how ALTER TABLE validates and drops constraints, on a
// table and its partitions. Adding them is in constraints.go.

// validate marks a constraint and its copies on the partitions valid.
func (r *replay) validate(t *Table, name string, depth int) {
	c := t.Constraint(name)
	if c == nil || depth > maxDepth {
		return
	}
	if !c.Validated {
		c.Validated, c.ValidatedAt = true, r.at
	}
	for _, p := range r.c.Partitions(t.Key()) {
		r.validate(p, name, depth+1)
	}
}

// dropConstraint removes a constraint, the index that implements it and,
// for the copies of CHECK and FOREIGN KEY constraints unless recurse is
// false, their copies on the partitions. The constraints on partitions
// whose indexes were cloned from the dropped index go with it.
func (r *replay) dropConstraint(t *Table, name string, recurse bool, depth int) {
	c := t.Constraint(name)
	if c == nil || depth > maxDepth {
		return
	}
	t.Constraints = filter(t.Constraints, func(x *Constraint) bool { return x != c })
	switch c.Kind {
	case PrimaryKey, Unique, Exclusion:
		if ix := r.c.indexes[Key(t.Schema, name)]; ix != nil && ix.Table == t.Key() {
			r.deleteIndex(ix, depth)
		}
	default:
		if recurse {
			for _, p := range r.c.Partitions(t.Key()) {
				r.dropConstraint(p, name, true, depth+1)
			}
		}
	}
}
