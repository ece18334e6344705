package pgparse

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Inspect calls fn for m and every parse-tree message below it, depth
// first, like go/ast.Inspect: fn returns false to skip a message's
// children. It sees every message, including those a statement holds
// directly rather than inside a Node (the RangeVar of an ALTER TABLE).
func Inspect(m protoreflect.Message, fn func(protoreflect.Message) bool) {
	if !fn(m) {
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Message() == nil || fd.IsMap() {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				Inspect(l.Get(i).Message(), fn)
			}
			return true
		}
		Inspect(v.Message(), fn)
		return true
	})
}

// Walk calls fn for n and every Node below it, depth first, in the order
// the fields are declared; fn returns false to skip a node's children. It
// visits the Nodes that Inspect visits, through the generated walkers of
// walkers.go.
func Walk(n *pg_query.Node, fn func(*pg_query.Node) bool) { walkNode(n, fn) }

// Search reports whether fn holds for n or any Node below it; it stops
// looking at the first match.
func Search(n *pg_query.Node, fn func(*pg_query.Node) bool) bool {
	found := false
	Walk(n, func(x *pg_query.Node) bool {
		if !found && fn(x) {
			found = true
		}
		return !found
	})
	return found
}
