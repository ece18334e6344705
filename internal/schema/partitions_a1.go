package schema

import "github.com/migguard/migguard/internal/pgparse"

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
