package wire

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// inputs returns byte strings that exercise every path of the readers:
// varints of every length, truncated ones, overlong ones, tags of every
// wire type, nested and broken groups, and random bytes.
func inputs() [][]byte {
	in := [][]byte{nil, {0}, {0x80}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}, bytes.Repeat([]byte{0x80}, 11)}
	for _, v := range []uint64{0, 1, 127, 128, 300, 1 << 32, math.MaxInt32 << 3, math.MaxUint64} {
		in = append(in, protowire.AppendVarint(nil, v))
	}
	for typ := protowire.Type(0); typ < 8; typ++ {
		in = append(in, protowire.AppendTag(nil, 5, typ))
	}
	group := protowire.AppendTag(nil, 3, protowire.StartGroupType)
	group = protowire.AppendTag(group, 4, protowire.VarintType)
	group = protowire.AppendVarint(group, 7)
	group = protowire.AppendTag(group, 6, protowire.StartGroupType)
	group = protowire.AppendTag(group, 6, protowire.EndGroupType)
	in = append(in, append(group, protowire.AppendTag(nil, 3, protowire.EndGroupType)...), append(group, protowire.AppendTag(nil, 2, protowire.EndGroupType)...), group)
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = byte(r.IntN(256))
			if r.IntN(3) == 0 {
				b[i] &= 0x3f // more short, valid values
			}
		}
		in = append(in, b)
	}
	return in
}

// Every reader returns what protowire's returns on the same bytes (the
// same values and lengths; for a malformed input, a negative length).
func TestReadersAgreeWithProtowire(t *testing.T) {
	malformed := 0
	for _, b := range inputs() {
		v, n := ConsumeVarint(b)
		wv, wn := protowire.ConsumeVarint(b)
		if v != wv || n != wn {
			t.Fatalf("ConsumeVarint(% x) = %d, %d; protowire %d, %d", b, v, n, wv, wn)
		}
		num, typ, n := ConsumeTag(b)
		wnum, wtyp, wn := protowire.ConsumeTag(b)
		if int32(num) != int32(wnum) || int8(typ) != int8(wtyp) || n != wn {
			t.Fatalf("ConsumeTag(% x) = %d, %d, %d; protowire %d, %d, %d", b, num, typ, n, wnum, wtyp, wn)
		}
		if n > 0 {
			got := ConsumeFieldValue(num, typ, b[n:])
			want := protowire.ConsumeFieldValue(wnum, wtyp, b[n:])
			if got != want && (got >= 0 || want >= 0) {
				t.Fatalf("ConsumeFieldValue(%d, %d, % x) = %d; protowire %d", num, typ, b[n:], got, want)
			}
			if got < 0 {
				malformed++
				if ParseError(got) == nil {
					t.Fatal("ParseError of a negative length is nil")
				}
			}
		}
		p, n := ConsumeBytes(b)
		wp, wn := protowire.ConsumeBytes(b)
		if !bytes.Equal(p, wp) || n != wn {
			t.Fatalf("ConsumeBytes(% x) = % x, %d; protowire % x, %d", b, p, n, wp, wn)
		}
		f32, n := ConsumeFixed32(b)
		wf32, wn := protowire.ConsumeFixed32(b)
		f64, m := ConsumeFixed64(b)
		wf64, wm := protowire.ConsumeFixed64(b)
		if f32 != wf32 || n != wn || f64 != wf64 || m != wm {
			t.Fatalf("ConsumeFixed(% x) differs from protowire", b)
		}
	}
	if malformed < 100 {
		t.Fatalf("only %d malformed values seen", malformed)
	}
}

// Every writer writes protowire's bytes.
func TestWritersAgreeWithProtowire(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 20000 {
		v := r.Uint64() >> r.IntN(64)
		if i < 64 {
			v = 1 << i
		}
		if got, want := AppendVarint([]byte{9}, v), protowire.AppendVarint([]byte{9}, v); !bytes.Equal(got, want) {
			t.Fatalf("AppendVarint(%d) = % x, want % x", v, got, want)
		}
		if SizeVarint(v) != protowire.SizeVarint(v) {
			t.Fatalf("SizeVarint(%d) = %d, want %d", v, SizeVarint(v), protowire.SizeVarint(v))
		}
		num := Number(1 + r.IntN(math.MaxInt32>>r.IntN(31)))
		typ := Type(r.IntN(6))
		if got, want := AppendTag(nil, num, typ), protowire.AppendTag(nil, protowire.Number(num), protowire.Type(typ)); !bytes.Equal(got, want) {
			t.Fatalf("AppendTag(%d, %d) = % x, want % x", num, typ, got, want)
		}
		s := string(make([]byte, r.IntN(300)))
		if got, want := AppendString(nil, s), protowire.AppendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("AppendString of %d bytes differs", len(s))
		}
		if got, want := AppendFixed32(nil, uint32(v)), protowire.AppendFixed32(nil, uint32(v)); !bytes.Equal(got, want) {
			t.Fatalf("AppendFixed32(%d) differs", v)
		}
		if got, want := AppendFixed64(nil, v), protowire.AppendFixed64(nil, v); !bytes.Equal(got, want) {
			t.Fatalf("AppendFixed64(%d) differs", v)
		}
		if EncodeZigZag(int64(v)) != protowire.EncodeZigZag(int64(v)) || DecodeZigZag(v) != protowire.DecodeZigZag(v) {
			t.Fatalf("zigzag of %d differs", v)
		}
	}
	if EncodeBool(true) != protowire.EncodeBool(true) || EncodeBool(false) != protowire.EncodeBool(false) {
		t.Fatal("EncodeBool differs")
	}
}
