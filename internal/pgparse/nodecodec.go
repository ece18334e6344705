package pgparse

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
)

// MarshalNode encodes a parse tree as protobuf, for a cache that keeps it
// (such as a replayed schema's CHECK expressions); UnmarshalNode decodes
// it. The encoding is the same for equal trees.
func MarshalNode(n *Node) ([]byte, error) {
	return proto.MarshalOptions{Deterministic: true}.Marshal(n)
}

// UnmarshalNode decodes a tree that MarshalNode encoded.
func UnmarshalNode(b []byte) (*Node, error) {
	n := new(pg_query.Node)
	if err := decodeNode(b, n); err != nil {
		return nil, err
	}
	return n, nil
}
