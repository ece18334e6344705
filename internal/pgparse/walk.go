package pgparse

// Inspect calls fn for n and every parse-tree message below it, depth
// first in the order the fields are declared, like go/ast.Inspect: fn
// returns false to skip a message's children. It sees every message,
// including those a statement holds directly rather than inside a Node
// (the RangeVar of an ALTER TABLE), through the generated inspectors of
// walkers.go.
func Inspect(n *Node, fn func(any) bool) { inspectNode(n, fn) }

// Walk calls fn for n and every Node below it, depth first, in the order
// the fields are declared; fn returns false to skip a node's children. It
// visits the Nodes that Inspect visits, through the generated walkers of
// walkers.go.
func Walk(n *Node, fn func(*Node) bool) { walkNode(n, fn) }

// Search reports whether fn holds for n or any Node below it; it stops
// looking at the first match.
func Search(n *Node, fn func(*Node) bool) bool {
	found := false
	Walk(n, func(x *Node) bool {
		if !found && fn(x) {
			found = true
		}
		return !found
	})
	return found
}
