package schema

import "sort"

// OtherRelations returns the keys of the relations that are not tables or
// indexes (views, materialized views, sequences) that the migrations
// created, sorted.
func (c *Catalog) OtherRelations() []string {
	out := make([]string, 0, len(c.others))
	for k := range c.others {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
