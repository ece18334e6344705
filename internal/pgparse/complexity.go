package pgparse

import (
	"fmt"
	"sort"
	"strings"
)

// MaxNesting is the nesting estimate (see nesting) above which a statement
// is not given to the parser and is reported as too complex instead.
//
// PostgreSQL's grammar builds left-deep trees for chains of binary
// operators, casts, COLLATE, AT TIME ZONE, JOINs and UNION/EXCEPT/INTERSECT
// branches without growing its own (bounded, heap-allocated) stack: it
// parses 400,000 chained `+1` happily. What overflows is the recursive
// protobuf packing of that tree (protobuf-c's protobuf_c_message_pack,
// called by libpg_query to hand the tree to Go), which runs on the C stack
// of the calling thread and kills the process with SIGSEGV. With the 8 MB
// thread stack that Linux and macOS give by default it dies at about 23,500
// chained operators (`1+1+…`, `'a'||'b'||…`, `x::int::int…`), JOINs or
// COLLATEs and 47,000 UNION ALL branches; with a 2 MB stack at a quarter of
// that. Brackets, CASE, NOT and unary minus nest through the grammar's own
// stack, which stops at 10,000 entries with "memory exhausted", but with
// up to five protobuf messages per level they can still overflow a small
// stack.
//
// The estimate counts at least one per level of such a tree, two per
// bracket level. The deepest statements of every kind that this limit lets
// through parse with a 2 MB stack (and some overflow 1.5 MB), a margin of
// four on the default. Realistic migrations stay far below it: lists (IN
// lists, VALUES rows, columns, arguments, CASE branches, AND/OR terms) are
// flat in the tree and count once per element, not once per item, so a
// seed file of many megabytes of VALUES rows estimates to a few dozen;
// what the limit refuses are chains of more than about 2,500 operators or
// 5,000 JOINs or UNION branches in one statement.
const MaxNesting = 5000

// Costs of the nesting estimate.
const (
	bracketCost = 2 // a parenthesis, square bracket or CASE … END level
	tokenCost   = 1 // any other token
)

// A nestFrame is one bracket level (parentheses, square brackets or CASE …
// END) of a statement while its nesting is estimated.
type nestFrame struct {
	closer Token // the token that ends the frame
	cost   int   // what the frame itself adds
	chain  int   // JOINs and set operations since the frame's last ';'
	cur    int   // tokens of the current element at this level
	child  int   // the deepest frame inside the current element
	best   int   // the deepest element since the frame's last ';'
	done   int   // the deepest statement part before the last ';'
}

// endElement closes the current element: a list separator follows.
func (f *nestFrame) endElement() {
	f.best = max(f.best, f.cur+f.child)
	f.cur, f.child = 0, 0
}

// endPart closes what a ';' ends: a statement of a BEGIN ATOMIC body or of
// a file, after which no chain continues.
func (f *nestFrame) endPart() {
	f.endElement()
	f.done = max(f.done, f.chain+f.best)
	f.chain, f.best = 0, 0
}

func (f *nestFrame) value() int {
	f.endPart()
	return f.cost + f.done
}

// nesting returns an upper estimate of how deep the parse tree of the
// statements made of tokens can nest, in levels of a binary operator.
//
// Within one bracket level it counts the tokens between list separators
// (`,`, AND, OR, WHEN, THEN, ELSE, `;`): an expression's tree is at most as
// deep as it has tokens, and the items of a list (AND and OR chains are
// flattened into one list by the grammar) are siblings. Only JOINs and set
// operations chain across separators (`SELECT a, b UNION SELECT c, d`,
// `JOIN t ON p AND q JOIN …`), so they are counted for the whole level, and
// each starts a new element. A nested bracket adds its own estimate to the
// element it is in.
func nesting(tokens []*ScanToken) int {
	stack := []nestFrame{{cost: tokenCost}}
	for _, tok := range tokens {
		top := &stack[len(stack)-1]
		switch t := tok.Token; t {
		case Token_SQL_COMMENT, Token_C_COMMENT:
		case Token_ASCII_40:
			stack = append(stack, nestFrame{closer: Token_ASCII_41, cost: bracketCost})
		case Token_ASCII_91:
			stack = append(stack, nestFrame{closer: Token_ASCII_93, cost: bracketCost})
		case Token_CASE:
			stack = append(stack, nestFrame{closer: Token_END_P, cost: bracketCost})
		case Token_ASCII_41, Token_ASCII_93, Token_END_P:
			if !closeFrame(&stack, t) {
				// An END of BEGIN ATOMIC, or an unbalanced bracket.
				top.cur += tokenCost
			}
		case Token_ASCII_44, Token_AND, Token_OR,
			Token_WHEN, Token_THEN, Token_ELSE:
			top.endElement()
		case Token_ASCII_59:
			top.endPart()
		case Token_JOIN, Token_UNION, Token_EXCEPT, Token_INTERSECT:
			// The joined relation or the next query is a sibling of what
			// came before it, one level further down the chain.
			top.chain += tokenCost
			top.endElement()
		default:
			top.cur += tokenCost
		}
	}
	for len(stack) > 1 {
		closeFrame(&stack, stack[len(stack)-1].closer)
	}
	return stack[0].value()
}

// closeFrame ends the innermost frame that closer ends, and the frames left
// open inside it, adding each to the element of its parent. It reports
// false when no open frame ends with closer. An END closes only a CASE that
// is innermost, since it also ends BEGIN ATOMIC bodies.
func closeFrame(stack *[]nestFrame, closer Token) bool {
	s := *stack
	i := len(s) - 1
	for i > 0 && s[i].closer != closer && closer != Token_END_P {
		i--
	}
	if i == 0 || s[i].closer != closer {
		return false
	}
	for len(s)-1 >= i {
		v := s[len(s)-1].value()
		s = s[:len(s)-1]
		parent := &s[len(s)-1]
		parent.child = max(parent.child, v)
	}
	*stack = s
	return true
}

// mayNestTooDeep reports whether src could hold a statement whose nesting
// estimate exceeds MaxNesting, by a bound that needs no scanner. Most
// migrations are short enough to skip scanning on this bound alone, and
// most are too short to reach it at all: no byte costs more than a
// bracket, so a source of at most maxCheap bytes is not looked at.
func mayNestTooDeep(src string) bool {
	return len(src) > maxCheap && countedBound(src) > MaxNesting && nestingBound(src, MaxNesting) > MaxNesting
}

// countedBound is a bound of nestingBound's, counted with vectorised
// searches instead of a loop: the outermost frame, a bracket for each (
// and [, and a token for every other byte but white space (a run of
// letters costs nestingBound one token, CASE two, for four bytes).
func countedBound(src string) int {
	brackets := strings.Count(src, "(") + strings.Count(src, "[")
	space := strings.Count(src, " ") + strings.Count(src, "\n") + strings.Count(src, "\t") + strings.Count(src, "\r")
	return tokenCost + bracketCost*brackets + tokenCost*(len(src)-brackets-space)
}

// maxCheap is the longest source whose nesting bound cannot exceed
// MaxNesting: the outermost frame and a bracket for every byte.
const maxCheap = (MaxNesting - tokenCost) / bracketCost

// nestingBound returns a bound of nesting over the tokens of src, or a
// number above stop as soon as the bound exceeds stop. Every token starts
// either a run of letters and digits or at a byte that is neither one nor
// white space; of the runs only CASE costs more than one, and of the other
// bytes only '(' and '['.
func nestingBound(src string, stop int) int {
	bound := tokenCost // the outermost frame
	for i := 0; i < len(src) && bound <= stop; {
		c := src[i]
		switch {
		case isWordByte(c):
			j := i + 1
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			if j-i == 4 && strings.EqualFold(src[i:j], "case") {
				bound += bracketCost
			} else {
				bound += tokenCost
			}
			i = j
			continue
		case c == '(' || c == '[':
			bound += bracketCost
		case c != ' ' && c != '\t' && c != '\n' && c != '\r':
			// \f and \v count: the scanner may not take them for space.
			bound += tokenCost
		}
		i++
	}
	return bound
}

// isWordByte reports whether c continues a run of identifier characters.
// '$' is left out on purpose: a dollar-quoted string may be followed by an
// identifier with nothing in between (`$$x$$abc`), and each token must
// start a new run for the bound to hold.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

// tokensIn returns the tokens that start in src[start:end].
func tokensIn(tokens []*ScanToken, start, end int) []*ScanToken {
	lo := sort.Search(len(tokens), func(i int) bool { return int(tokens[i].Start) >= start })
	hi := sort.Search(len(tokens), func(i int) bool { return int(tokens[i].Start) >= end })
	return tokens[lo:hi]
}

// tooComplex is the error of a statement at offset off that is not parsed
// because its nesting estimate est exceeds MaxNesting.
func tooComplex(off, est int) *SyntaxError {
	return &SyntaxError{
		Offset:     off,
		TooComplex: true,
		Message:    fmt.Sprintf("statement too complex to analyse: its estimated nesting depth %d exceeds %d", est, MaxNesting),
	}
}
