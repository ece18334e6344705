package pgparse

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The parser hands its tree over as JSON rather than protobuf. Both
// describe the same messages, but libpg_query packs protobuf with
// protobuf-c, which computes the size of every message again for each
// message above it: on migration SQL, packing took three times as long
// as parsing, and the JSON writer is about three times faster than the
// protobuf path as a whole. decode_json.go, generated, reads the JSON into
// the same Go structs.
//
// The JSON writer has one flaw: it leaves out the value of an Integer node
// that is negative (the -1 of the array bounds of int[], the -5 that the
// grammar folds from "- 5", INCREMENT BY -1), as if it were zero. The
// decoder counts the Integer nodes that have no value, except the
// constants whose text starts with a digit; a tree with any is parsed
// again through protobuf.

// parseTreeJSON parses src through the parser's JSON output. It returns
// a nil tree and no error when the tree may have lost the sign of an
// integer.
func parseTreeJSON(src string) (*ParseResult, error) {
	var tree *ParseResult
	err := parseJSON(src, func(js string) {
		t, unsure, err := decodeJSON(js, src)
		if err == nil && !unsure {
			tree = t
		}
	})
	return tree, err
}

// decodeJSON decodes the parser's JSON output for src. unsure reports an
// Integer node without a value that may have been negative.
func decodeJSON(js, src string) (tree *ParseResult, unsure bool, err error) {
	d := &jsonDecoder{s: js, src: src}
	defer func() {
		if failed(recover(), &err) {
			tree, unsure = nil, false
		}
	}()
	tree = new(ParseResult)
	jsonParseResult(d, tree)
	d.end()
	return tree, d.unsure != 0, nil
}

// failed takes what recover returned in the deferred call of a decoder's
// entry point: nil, or the jsonError the decoder panicked with, which it
// stores in *err, reporting true. Any other panic goes on.
func failed(r any, err *error) bool {
	if r == nil {
		return false
	}
	je, ok := r.(jsonError)
	if !ok {
		panic(r)
	}
	*err = je
	return true
}

// jsonDecoder reads JSON as libpg_query writes it: no white space, keys
// without escapes, strings with the escapes of PostgreSQL's escape_json.
// It panics with a jsonError on anything else, which decodeJSON recovers.
type jsonDecoder struct {
	s   string // the JSON text
	i   int    // the read position in s
	src string // the SQL that was parsed, which Locations point into
	// unsure counts the Integer nodes without a value that may have lost
	// a minus sign (see jsonHooks in the generator).
	unsure int
	// nodes is what node cuts Nodes from.
	nodes []Node
}

// node returns a new Node, cut from an array of them allocated at once: a
// tree is mostly Nodes. An array lives as long as any of its Nodes.
func (d *jsonDecoder) node() *Node {
	if len(d.nodes) == 0 {
		d.nodes = make([]Node, nodeBatch)
	}
	n := &d.nodes[0]
	d.nodes = d.nodes[1:]
	return n
}

// nodeBatch is how many Nodes node allocates at once.
const nodeBatch = 128

// jsonError is a malformed JSON input.
type jsonError struct {
	msg string
	at  int
}

func (e jsonError) Error() string { return fmt.Sprintf("parser JSON at byte %d: %s", e.at, e.msg) }

func (d *jsonDecoder) fail(msg string) { panic(jsonError{msg: msg, at: d.i}) }

// end fails unless only white space follows the value read.
func (d *jsonDecoder) end() {
	d.ws()
	if d.i != len(d.s) {
		d.fail("text after the value")
	}
}

// ws skips white space.
func (d *jsonDecoder) ws() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, or 0 at the end.
func (d *jsonDecoder) peek() byte {
	d.ws()
	if d.i < len(d.s) {
		return d.s[d.i]
	}
	return 0
}

func (d *jsonDecoder) expect(c byte) {
	if d.peek() != c {
		d.fail("expected " + strconv.QuoteRune(rune(c)))
	}
	d.i++
}

// firstKey starts an object and returns its first key; ok is false for an
// empty object.
func (d *jsonDecoder) firstKey() (key string, ok bool) {
	d.expect('{')
	if d.peek() == '}' {
		d.i++
		return "", false
	}
	return d.key(), true
}

// nextKey returns the next key of an object; ok is false at its end.
func (d *jsonDecoder) nextKey() (key string, ok bool) {
	switch d.peek() {
	case ',':
		d.i++
		return d.key(), true
	case '}':
		d.i++
		return "", false
	}
	d.fail("expected , or }")
	return "", false
}

// key reads an object key and the colon after it.
func (d *jsonDecoder) key() string {
	k := d.name()
	d.expect(':')
	return k
}

// name reads a string that holds no escapes, such as a key or an enum
// value's name, without copying it.
func (d *jsonDecoder) name() string {
	d.expect('"')
	start := d.i
	// One pass over a short name: two IndexByte calls, one for the
	// quote and one for a backslash, cost more than the bytes.
	for j := start; j < len(d.s); j++ {
		switch d.s[j] {
		case '"':
			d.i = j + 1
			return d.s[start:j]
		case '\\':
			d.i = start - 1
			return d.string()
		}
	}
	d.fail("unterminated string")
	return ""
}

// firstItem starts an array and reports whether it holds an item.
func (d *jsonDecoder) firstItem() bool {
	d.expect('[')
	if d.peek() == ']' {
		d.i++
		return false
	}
	return true
}

// nextItem reports whether the array holds another item.
func (d *jsonDecoder) nextItem() bool {
	switch d.peek() {
	case ',':
		d.i++
		return true
	case ']':
		d.i++
		return false
	}
	d.fail("expected , or ]")
	return false
}

// null skips a null and reports whether there was one.
func (d *jsonDecoder) null() bool {
	if d.peek() == 'n' && strings.HasPrefix(d.s[d.i:], "null") {
		d.i += 4
		return true
	}
	return false
}

func (d *jsonDecoder) bool() bool {
	switch {
	case d.peek() == 't' && strings.HasPrefix(d.s[d.i:], "true"):
		d.i += 4
		return true
	case strings.HasPrefix(d.s[d.i:], "false"):
		d.i += 5
		return false
	case d.null():
		return false
	}
	d.fail("expected a boolean")
	return false
}

// number returns the text of a number.
func (d *jsonDecoder) number() string {
	d.ws()
	start := d.i
	for d.i < len(d.s) {
		c := d.s[d.i]
		if c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			d.i++
			continue
		}
		break
	}
	if d.i == start {
		d.fail("expected a number")
	}
	return d.s[start:d.i]
}

func (d *jsonDecoder) int(bits int) int64 {
	if d.null() {
		return 0
	}
	v, err := strconv.ParseInt(d.number(), 10, bits)
	if err != nil {
		d.fail(err.Error())
	}
	return v
}

func (d *jsonDecoder) uint(bits int) uint64 {
	if d.null() {
		return 0
	}
	v, err := strconv.ParseUint(d.number(), 10, bits)
	if err != nil {
		d.fail(err.Error())
	}
	return v
}

func (d *jsonDecoder) float(bits int) float64 {
	if d.null() {
		return 0
	}
	v, err := strconv.ParseFloat(d.number(), bits)
	if err != nil {
		d.fail(err.Error())
	}
	return v
}

// string reads a string value (null is ""), copying it out of the JSON
// text so that a tree kept for long does not keep the whole text alive.
func (d *jsonDecoder) string() string {
	if d.null() {
		return ""
	}
	d.expect('"')
	start := d.i
	for j := start; j < len(d.s); j++ {
		switch d.s[j] {
		case '"':
			d.i = j + 1
			return name(d.s[start:j])
		case '\\':
			return d.escaped(start, j)
		}
	}
	d.fail("unterminated string")
	return ""
}

// escaped reads the rest of a string that has an escape at j.
func (d *jsonDecoder) escaped(start, j int) string {
	var b strings.Builder
	b.WriteString(d.s[start:j])
	for j < len(d.s) {
		c := d.s[j]
		switch {
		case c == '"':
			d.i = j + 1
			return b.String()
		case c != '\\':
			b.WriteByte(c)
			j++
			continue
		case j+1 >= len(d.s):
			d.i = j
			d.fail("unterminated escape")
		}
		j += 2
		switch e := d.s[j-1]; e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			if j+4 > len(d.s) {
				d.i = j
				d.fail("short \\u escape")
			}
			r, err := strconv.ParseUint(d.s[j:j+4], 16, 32)
			if err != nil {
				d.i = j
				d.fail("bad \\u escape")
			}
			j += 4
			if r < utf8.RuneSelf {
				b.WriteByte(byte(r))
			} else {
				b.WriteRune(rune(r))
			}
		default:
			d.i = j
			d.fail("bad escape")
		}
	}
	d.i = j
	d.fail("unterminated string")
	return ""
}

// skip skips one value of any kind.
func (d *jsonDecoder) skip() {
	switch d.peek() {
	case '{':
		for _, ok := d.firstKey(); ok; _, ok = d.nextKey() {
			d.skip()
		}
	case '[':
		for more := d.firstItem(); more; more = d.nextItem() {
			d.skip()
		}
	case '"':
		d.string()
	case 't', 'f':
		d.bool()
	case 'n':
		if !d.null() {
			d.fail("bad literal")
		}
	default:
		d.number()
	}
}

// skipObject skips the object of a message that has no fields.
func (d *jsonDecoder) skipObject() {
	if !d.null() {
		d.skip()
	}
}

// unsignedAt reports whether the SQL at a Location starts with a digit:
// the text of a constant that the grammar did not negate.
func (d *jsonDecoder) unsignedAt(loc int32) bool {
	if loc < 0 || int(loc) >= len(d.src) {
		return false
	}
	c := d.src[loc]
	return c >= '0' && c <= '9'
}
