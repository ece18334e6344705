package pgparse

import (
	"github.com/migguard/migguard/internal/pgparse/internal/wire"
	"github.com/pganalyze/pg_query_go/v5/parser"
)

// MarshalNode encodes a parse tree as protobuf (proto.Marshal's bytes),
// for a cache that keeps it (such as a replayed schema's CHECK
// expressions); UnmarshalNode decodes it. The encoding is the same for
// equal trees; a nil tree encodes as nothing.
func MarshalNode(n *Node) []byte {
	if n == nil {
		return nil
	}
	return encNode(nil, n)
}

// UnmarshalNode decodes a tree that MarshalNode encoded.
func UnmarshalNode(b []byte) (*Node, error) {
	n := new(Node)
	if err := decodeNode(b, n); err != nil {
		return nil, err
	}
	return n, nil
}

// Deparse renders a tree as SQL with PostgreSQL's deparser, as
// Deparse does, with the tree encoded by encode.go instead of
// proto.Marshal.
func Deparse(tree *ParseResult) (string, error) {
	return parser.DeparseFromProtobuf(encParseResult(nil, tree))
}

// encMessage appends field num holding message m, with its length before
// it. The length is given one byte, the usual case, and moved up when it
// takes more.
func encMessage[T any](b []byte, num wire.Number, m *T, enc func([]byte, *T) []byte) []byte {
	b = wire.AppendTag(b, num, wire.BytesType)
	start := len(b)
	b = append(b, 0)
	if m != nil {
		b = enc(b, m)
	}
	return fixLength(b, start)
}

// fixLength writes at b[start] the length of what follows it, which was
// written after one byte left for it there.
func fixLength(b []byte, start int) []byte {
	n := len(b) - start - 1
	if n < 0x80 {
		b[start] = byte(n)
		return b
	}
	size := wire.SizeVarint(uint64(n))
	b = append(b, make([]byte, size-1)...)
	copy(b[start+size:], b[start+1:start+1+n])
	wire.AppendVarint(b[:start], uint64(n))
	return b
}
