// Package wire reads and writes the protobuf wire format of the parse
// trees that libpg_query writes and package pgparse's caches keep: tags,
// varints, fixed-size numbers and length-delimited bytes, the functions of
// google.golang.org/protobuf/encoding/protowire that pgparse's generated
// code calls, with the same names and results.
//
// It exists so that migguard does not link the protobuf module, whose
// internal/detrand package opens and reads the running executable at
// every start.
package wire

import (
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
)

// Number is a field number.
type Number int32

// Type is a wire type.
type Type int8

// The wire types.
const (
	VarintType     Type = 0
	Fixed64Type    Type = 1
	BytesType      Type = 2
	StartGroupType Type = 3
	EndGroupType   Type = 4
	Fixed32Type    Type = 5
)

// The negative lengths that the Consume functions return, which
// ParseError turns into errors.
const (
	errTruncated   = -1
	errFieldNumber = -2
	errOverflow    = -3
	errReserved    = -4
	errEndGroup    = -5
	errRecursion   = -6
)

// maxGroupDepth bounds how deeply ConsumeFieldValue follows nested groups.
const maxGroupDepth = 10000

// ConsumeVarint reads a varint: its value and its length, or a negative
// length when b ends inside it or it does not fit 64 bits.
func ConsumeVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		c := b[i]
		if i == 9 && c > 1 {
			return 0, errOverflow
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	if len(b) < 10 {
		return 0, errTruncated
	}
	return 0, errOverflow
}

// ConsumeTag reads a field's tag: its number, its wire type and its
// length, or a negative length.
func ConsumeTag(b []byte) (Number, Type, int) {
	v, n := ConsumeVarint(b)
	if n < 0 {
		return 0, 0, n
	}
	if v>>3 > math.MaxInt32 || v>>3 < 1 {
		return 0, 0, errFieldNumber
	}
	return Number(v >> 3), Type(v & 7), n
}

// ConsumeFixed32 reads a little-endian 32-bit value.
func ConsumeFixed32(b []byte) (uint32, int) {
	if len(b) < 4 {
		return 0, errTruncated
	}
	return binary.LittleEndian.Uint32(b), 4
}

// ConsumeFixed64 reads a little-endian 64-bit value.
func ConsumeFixed64(b []byte) (uint64, int) {
	if len(b) < 8 {
		return 0, errTruncated
	}
	return binary.LittleEndian.Uint64(b), 8
}

// ConsumeBytes reads length-delimited bytes: the bytes (within b) and the
// length read in all.
func ConsumeBytes(b []byte) ([]byte, int) {
	m, n := ConsumeVarint(b)
	if n < 0 {
		return nil, n
	}
	if m > uint64(len(b)-n) {
		return nil, errTruncated
	}
	return b[n : n+int(m)], n + int(m)
}

// ConsumeFieldValue returns the length of the value of field num of wire
// type typ at the start of b, or a negative length.
func ConsumeFieldValue(num Number, typ Type, b []byte) int {
	return consumeValue(num, typ, b, maxGroupDepth)
}

func consumeValue(num Number, typ Type, b []byte, depth int) int {
	switch typ {
	case VarintType:
		_, n := ConsumeVarint(b)
		return n
	case Fixed32Type:
		_, n := ConsumeFixed32(b)
		return n
	case Fixed64Type:
		_, n := ConsumeFixed64(b)
		return n
	case BytesType:
		_, n := ConsumeBytes(b)
		return n
	case StartGroupType:
		if depth <= 0 {
			return errRecursion
		}
		total := 0
		for {
			num2, typ2, n := ConsumeTag(b[total:])
			if n < 0 {
				return n
			}
			total += n
			if typ2 == EndGroupType {
				if num2 != num {
					return errEndGroup
				}
				return total
			}
			n = consumeValue(num2, typ2, b[total:], depth-1)
			if n < 0 {
				return n
			}
			total += n
		}
	case EndGroupType:
		return errEndGroup
	}
	return errReserved
}

// ParseError returns the error that a negative length stands for.
func ParseError(n int) error {
	switch n {
	case errTruncated:
		return errors.New("protobuf: unexpected end of input")
	case errFieldNumber:
		return errors.New("protobuf: invalid field number")
	case errOverflow:
		return errors.New("protobuf: varint overflows 64 bits")
	case errReserved:
		return errors.New("protobuf: reserved wire type")
	case errEndGroup:
		return errors.New("protobuf: mismatching end of group")
	case errRecursion:
		return errors.New("protobuf: groups nested too deeply")
	}
	return errors.New("protobuf: malformed input")
}

// AppendVarint appends v as a varint.
func AppendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// SizeVarint returns the length of v as a varint.
func SizeVarint(v uint64) int {
	return 1 + (bits.Len64(v|1)-1)/7
}

// AppendTag appends the tag of field num of wire type typ.
func AppendTag(b []byte, num Number, typ Type) []byte {
	return AppendVarint(b, uint64(num)<<3|uint64(typ&7))
}

// AppendString appends s as length-delimited bytes.
func AppendString(b []byte, s string) []byte {
	return append(AppendVarint(b, uint64(len(s))), s...)
}

// AppendFixed32 appends v in little-endian order.
func AppendFixed32(b []byte, v uint32) []byte {
	return binary.LittleEndian.AppendUint32(b, v)
}

// AppendFixed64 appends v in little-endian order.
func AppendFixed64(b []byte, v uint64) []byte {
	return binary.LittleEndian.AppendUint64(b, v)
}

// EncodeBool returns the varint value of a bool.
func EncodeBool(x bool) uint64 {
	if x {
		return 1
	}
	return 0
}

// EncodeZigZag maps a signed value to the unsigned one of the sint
// encodings: 0, -1, 1, -2 … to 0, 1, 2, 3 ….
func EncodeZigZag(v int64) uint64 {
	return uint64(v<<1) ^ uint64(v>>63)
}

// DecodeZigZag undoes EncodeZigZag.
func DecodeZigZag(x uint64) int64 {
	return int64(x>>1) ^ -int64(x&1)
}
