package pgparse

import (
	"encoding/binary"
	"math"
)

// AppendShape appends to b an encoding of the tree n that leaves out its
// Location fields: two trees have the same shape exactly when they differ
// at most in where they stood in their source. A cache keys what a
// statement does to the replayed schema by its shape, so that moving a
// statement within its file (a comment added above it) changes nothing.
func AppendShape(b []byte, n *Node) []byte { return shapeNode(b, n) }

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendCount(b []byte, n int) []byte { return binary.AppendUvarint(b, uint64(n)) }

func appendInt(b []byte, v int64) []byte { return binary.AppendVarint(b, v) }

func appendUint(b []byte, v uint64) []byte { return binary.AppendUvarint(b, v) }

func appendFloat(b []byte, v float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}
