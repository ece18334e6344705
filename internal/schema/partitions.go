package schema

import "github.com/migguard/migguard/internal/pgparse"

// This file holds partitioning: the strategy and key of PARTITION BY, the
// bound of a partition, and ATTACH and DETACH PARTITION.

// partitioning records the strategy and key of `PARTITION BY` on a new
// table: PARTITION BY RANGE (created_at) gives "range" and [created_at].
func (t *Table) partitioning(ps *pgparse.PartitionSpec) {
	if ps == nil {
		return
	}
	switch ps.Strategy {
	case pgparse.PartitionStrategy_PARTITION_STRATEGY_RANGE:
		t.PartitionStrategy = "range"
	case pgparse.PartitionStrategy_PARTITION_STRATEGY_LIST:
		t.PartitionStrategy = "list"
	case pgparse.PartitionStrategy_PARTITION_STRATEGY_HASH:
		t.PartitionStrategy = "hash"
	}
	t.PartitionKey = nil
	for _, p := range ps.PartParams {
		el := p.GetPartitionElem()
		switch {
		case el == nil:
		case el.Name != "":
			t.PartitionKey = append(t.PartitionKey, el.Name)
		default:
			t.PartitionKey = append(t.PartitionKey, "("+exprSQL(el.Expr)+")")
		}
	}
}

// setBound records what the bound of a new or attached partition says
// about it (FOR VALUES … or DEFAULT).
func (t *Table) setBound(b *pgparse.PartitionBoundSpec) {
	t.DefaultPartition = b.GetIsDefault()
}

// attach makes child a partition of t and gives it t's indexes and
// foreign keys. A cycle of partitions is refused.
func (r *replay) attach(t, child *Table) {
	if child == nil || !t.Partitioned || child.PartitionOf != "" {
		return
	}
	for k, d := t.Key(), 0; k != "" && d <= maxDepth; d++ {
		if k == child.Key() {
			return
		}
		p := r.c.tables[k]
		if p == nil {
			break
		}
		k = p.PartitionOf
	}
	child.PartitionOf = t.Key()
	for _, c := range t.Constraints {
		if c.Kind == ForeignKey {
			r.copyConstraint(child, c)
		}
	}
	r.cloneIndexes(t, child)
}

// detach ends a partition's link to t; its indexes and constraints stay.
func (r *replay) detach(t, child *Table) {
	if child == nil || child.PartitionOf != t.Key() {
		return
	}
	child.PartitionOf = ""
	child.DefaultPartition = false
	for _, ix := range r.c.IndexesOn(child.Key()) {
		if p := r.c.indexes[ix.parent]; p != nil && p.Table == t.Key() {
			ix.parent = ""
		}
	}
}
