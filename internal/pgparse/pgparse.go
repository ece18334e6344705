// Package pgparse is migguard's only importer of the PostgreSQL parser
// (github.com/pganalyze/pg_query_go/v5, the PostgreSQL 16 grammar).
//
// It splits a migration into statements so that one syntax error does not
// hide the rest of the file, keeps every position as a byte offset into the
// original file, and converts offsets to 1-based line:column pairs where
// columns count characters, not bytes. Other packages walk the parse trees
// through the types of nodes.go (pgparse.AlterTableStmt has the fields and
// Get methods of pg_query's AlterTableStmt), generated from pg_query_go's
// descriptors by the command in internal/gentree; they never import
// pg_query_go themselves. The types are plain structs: pgparse links only
// pg_query_go's parser package, not its protobuf types, whose package
// initialisation would cost every run of migguard.
package pgparse

//go:generate go run ./internal/gentree -decode decode.go -walk walkers.go -json decode_json.go -shape shape.go -encode encode.go -nodes nodes.go

import (
	"errors"
	"runtime"
	"strings"
	"unicode/utf8"

	"github.com/migguard/migguard/internal/pgparse/internal/wire"
	"github.com/pganalyze/pg_query_go/v5/parser"
)

// ParserMajor is the PostgreSQL major version whose grammar the parser implements.
const ParserMajor = 16

// Stmt is one statement of a migration.
//
// Start and End delimit the statement text in the source: Start skips the
// whitespace and comments that precede it and End excludes the terminating
// semicolon. Node is nil when the statement does not parse; Err then says why.
type Stmt struct {
	Node  *Node
	Start int
	End   int
	// Base is added to the Location fields of Node to get an offset into the
	// source. It is zero when the file parsed as a whole.
	Base int
	Err  *SyntaxError
	// Map, when set, replaces Base: Map[loc] is the offset in the source of
	// Location loc, for SQL that a DO block runs from a string constant
	// whose quotes are doubled or escaped (see ExpandDo).
	Map []int
	// Block is what was read of the body of a DO statement (see ExpandDo);
	// nil for other statements.
	Block *Block
}

// Offset converts a pg_query Location field of a node inside s into a byte
// offset in the source. Unknown locations (-1) map to the statement start.
func (s *Stmt) Offset(loc int32) int {
	if loc < 0 || (s.Map != nil && int(loc) >= len(s.Map)) {
		return s.Start
	}
	off := s.Base + int(loc)
	if s.Map != nil {
		off = s.Map[loc]
	}
	if off < s.Start || off > s.End {
		return s.Start
	}
	return off
}

// SyntaxError is a statement that the parser rejected, or that was not
// given to the parser because it nests too deep (TooComplex).
type SyntaxError struct {
	Offset  int    // byte offset in the source where the parser stopped
	Message string // the parser's message, e.g. `syntax error at or near "frm"`
	// TooComplex is set for a statement whose nesting estimate exceeds
	// MaxNesting; Offset is then its start.
	TooComplex bool
}

func (e *SyntaxError) Error() string { return e.Message }

// Comment is a SQL comment (`-- …` or `/* … */`) with its byte span.
type Comment struct {
	Start, End int
	Text       string
}

// Parse splits src into statements and parses each one.
//
// src may contain regions blanked with spaces (for example the down part of
// a goose file): offsets always refer to src itself. Parse never fails: a
// statement that does not parse is returned with Err set, and a lexical
// error (an unterminated quote or comment, a zero byte) turns the rest of
// the file into one erroneous statement.
//
// A statement that nests deeper than the parser can hand back (see
// MaxNesting) is not parsed: it is returned with an Err that is TooComplex.
//
// A source longer than ChunkBytes is parsed a run of statements at a time
// (see Runs), so that the parser's own memory and output stay the size of
// one run whatever the size of the file; the statements are the same.
func Parse(src string) []*Stmt {
	var stmts []*Stmt
	Runs(src, func(run []*Stmt, _ bool) bool {
		stmts = append(stmts, run...)
		return true
	})
	return stmts
}

// Runs parses src as Parse does and calls yield with its statements in
// order, a run of them at a time, until yield returns false; more says
// that other runs follow. A source of at most ChunkBytes is one run. The
// runs of a longer source are parsed on every CPU, about one per parser
// ahead of the one yield is given: a caller that drops each run's parse
// trees before taking the next holds the trees of a few runs, not of the
// file.
func Runs(src string, yield func(run []*Stmt, more bool) bool) {
	src = blankBOM(src)
	// Read once: the scanner of parseRuns may still be running when
	// Runs returns.
	chunk := ChunkBytes
	if len(src) <= chunk {
		yield(parseWhole(src, nil), false)
		return
	}
	parseRuns(src, runtime.GOMAXPROCS(0), chunk, yield)
}

// parseRuns parses src a run of statements at a time with the given
// number of parsers and gives the runs to yield in order. Where each run
// ends is found in order, with the scanner, which takes a fraction of the
// parser's time; the runs are parsed as they are found, at most one per
// parser waiting (ordered) and one more scanned, ahead of the one given
// to yield, which bounds the tokens and trees waiting. Once yield returns
// false, the runs still being parsed are dropped.
func parseRuns(src string, parsers, chunk int, yield func(run []*Stmt, more bool) bool) {
	type run struct {
		start, end int
		sc         *scanned
		out        chan []*Stmt
	}
	ordered := make(chan *run, parsers)
	jobs := make(chan *run)
	stop := make(chan struct{})
	go func() {
		defer close(ordered)
		defer close(jobs)
		for start := 0; start < len(src); {
			end, sc := nextChunk(src, start, chunk)
			r := &run{start: start, end: end, sc: sc, out: make(chan []*Stmt, 1)}
			select {
			case ordered <- r:
			case <-stop:
				return
			}
			select {
			case jobs <- r:
			case <-stop:
				return
			}
			start = end
		}
	}()
	for range parsers {
		go func() {
			for r := range jobs {
				stmts := parseWhole(src[r.start:r.end], r.sc)
				r.sc = nil // the tokens are not needed once parsed
				for _, s := range stmts {
					s.shift(r.start)
				}
				r.out <- stmts
			}
		}()
	}
	defer close(stop)
	for r := range ordered {
		if !yield(<-r.out, r.end < len(src)) {
			return
		}
	}
}

// ChunkBytes is the size of source that Parse gives the parser at once, at
// least: a run of statements ends at the first statement end after it.
// The parse trees of 128 KiB of migrations take about 3 MB; a caller of
// Runs holds a few runs' worth, and larger runs parse no faster.
var ChunkBytes = 1 << 17

// parseWhole parses src. sc, when set, holds src's tokens, which hold no
// lexical error; otherwise src is scanned when that is needed.
func parseWhole(src string, sc *scanned) []*Stmt {
	whole := true
	if sc == nil {
		sc, whole = wholeParsable(src)
	} else {
		whole = nesting(sc.tokens) <= MaxNesting
	}
	if whole {
		if tree, err := parseTree(src); err == nil {
			return fromTree(src, tree, 0, len(src))
		}
	}
	return parsePieces(src, sc)
}

// nextChunk returns where the run of statements that starts at start ends:
// after the last semicolon that ends a statement within chunk bytes of start
// (or within twice, four times… that when one statement is longer), or at
// the end of src. Scanning from a statement's start is scanning as the
// whole source would be scanned, up to where the window cuts a token; the
// tokens of the run are returned, nil for the run that ends src.
func nextChunk(src string, start, chunk int) (int, *scanned) {
	for size := chunk; ; size *= 2 {
		if size >= len(src)-start {
			return len(src), nil
		}
		window := src[start : start+size]
		tokens, _ := scanPrefix(window) // the tokens before a quote or comment the window cuts
		var split splitter
		cut, n := -1, 0
		for i, tok := range tokens {
			if split.next(tok) == endsStmt && int(tok.End) < len(window) {
				cut, n = int(tok.End), i+1
			}
		}
		if cut > 0 {
			return start + cut, &scanned{tokens: tokens[:n]}
		}
	}
}

// shift moves a statement parsed from a part of the source that starts at
// off to its place in the source.
func (s *Stmt) shift(off int) {
	s.Start += off
	s.End += off
	s.Base += off
	if s.Err != nil {
		s.Err.Offset += off
	}
}

// blankBOM blanks a leading byte order mark, keeping offsets: PostgreSQL
// does not skip one.
func blankBOM(src string) string {
	if strings.HasPrefix(src, "\uFEFF") {
		return "   " + src[3:]
	}
	return src
}

// scanned is the outcome of scanPrefix: the tokens of a source, up to its
// lexical error if it has one.
type scanned struct {
	tokens []*ScanToken
	lexErr *SyntaxError
}

// wholeParsable reports whether src may be given to the parser as a whole:
// it holds no zero byte, and no statement nests too deep. When that took
// scanning src, the tokens are returned for parsePieces to reuse.
func wholeParsable(src string) (*scanned, bool) {
	if strings.IndexByte(src, 0) >= 0 {
		return nil, false
	}
	if !mayNestTooDeep(src) {
		return nil, true
	}
	sc := &scanned{}
	sc.tokens, sc.lexErr = scanPrefix(src)
	return sc, sc.lexErr == nil && nesting(sc.tokens) <= MaxNesting
}

// parseTree parses SQL as Parse does: through the parser's JSON
// output (see json.go), or when that may have lost the sign of an
// integer, through its protobuf output, decoded with the generated
// decoder of decode.go.
func parseTree(src string) (*ParseResult, error) {
	if tree, err := parseTreeJSON(src); tree != nil || err != nil {
		return tree, err
	}
	data, err := parser.ParseToProtobuf(src)
	if err != nil {
		return nil, err
	}
	tree := &ParseResult{}
	if err := decodeParseResult(data, tree); err != nil {
		return nil, err
	}
	return tree, nil
}

// SyntaxErrors returns the statements of src that do not parse, as Parse
// would report them, without building parse trees for a source that parses
// as a whole: checking a down migration needs no more.
func SyntaxErrors(src string) []*Stmt {
	src = blankBOM(src)
	tokens, whole := wholeParsable(src)
	if whole {
		// The parser's statement splitter runs the grammar and writes
		// no tree: the cheapest way to learn that src parses.
		if _, err := parser.SplitWithParser(src, false); err == nil {
			return nil
		}
	}
	var bad []*Stmt
	for _, s := range parsePieces(src, tokens) {
		if s.Err != nil {
			bad = append(bad, s)
		}
	}
	return bad
}

// fromTree converts the raw statements of a successful parse of
// src[base:limit] into Stmts with offsets into src.
func fromTree(src string, tree *ParseResult, base, limit int) []*Stmt {
	stmts := make([]*Stmt, 0, len(tree.Stmts))
	for _, raw := range tree.Stmts {
		start := base + int(raw.StmtLocation)
		end := limit
		if raw.StmtLen > 0 {
			end = start + int(raw.StmtLen)
		}
		start = SkipSpaceAndComments(src, start, end)
		end = trimRight(src, start, end)
		stmts = append(stmts, &Stmt{Node: raw.Stmt, Start: start, End: end, Base: base})
	}
	return stmts
}

// parsePieces is the slow path for a file that does not parse as a whole:
// split it at top-level semicolons with the scanner and parse each piece on
// its own. tokens are src's tokens when the caller has scanned it already.
func parsePieces(src string, sc *scanned) []*Stmt {
	if sc == nil {
		sc = &scanned{}
		sc.tokens, sc.lexErr = scanPrefix(src)
	}
	p := pieces{src: src, tokens: sc.tokens}
	var stmts []*Stmt
	var split splitter
	var inner []*ScanToken // semicolons inside the current piece
	pieceStart := 0
	for _, tok := range sc.tokens {
		switch split.next(tok) {
		case endsStmt:
			stmts = append(stmts, p.nested(pieceStart, int(tok.Start), inner)...)
			pieceStart, inner = int(tok.End), inner[:0]
		case nested:
			inner = append(inner, tok)
		}
	}
	if lexErr := sc.lexErr; lexErr != nil {
		for _, tok := range inner {
			stmts = append(stmts, p.parse(pieceStart, int(tok.Start))...)
			pieceStart = int(tok.End)
		}
		start := SkipSpaceAndComments(src, pieceStart, len(src))
		if start > lexErr.Offset {
			start = lexErr.Offset
		}
		return append(stmts, &Stmt{Start: start, End: trimRight(src, start, len(src)), Err: lexErr})
	}
	return append(stmts, p.nested(pieceStart, len(src), inner)...)
}

// pieces parses the pieces of a source that does not parse as a whole.
type pieces struct {
	src    string
	tokens []*ScanToken // the tokens of src, up to a lexical error
}

// A splitter finds, like psql, the semicolons that end a statement: not
// those inside parentheses (CREATE RULE … DO (a; b)) or inside a BEGIN
// ATOMIC … END function body.
type splitter struct{ parens, begins, words int }

// The kinds of token a splitter sees.
const (
	other    = iota
	endsStmt // a semicolon that ends a statement
	nested   // a semicolon inside a statement
)

func (sp *splitter) next(tok *ScanToken) int {
	switch tok.Token {
	case Token_ASCII_40:
		sp.parens++
	case Token_ASCII_41:
		sp.parens = max(sp.parens-1, 0)
	case Token_ASCII_59:
		if sp.parens > 0 || sp.begins > 0 {
			return nested
		}
		*sp = splitter{}
		return endsStmt
	}
	if tok.Token != Token_IDENT && tok.KeywordKind == KeywordKind_NO_KEYWORD {
		return other
	}
	sp.words++
	switch tok.Token {
	case Token_BEGIN_P, Token_CASE:
		if sp.words > 1 { // a leading BEGIN starts a transaction
			sp.begins++
		}
	case Token_END_P:
		sp.begins = max(sp.begins-1, 0)
	}
	return other
}

// nested parses src[start:end], a piece that may hold nested semicolons.
// If it does not parse (an unbalanced parenthesis or BEGIN is the likely
// reason) the parts between those semicolons are parsed instead, so that
// one error does not swallow the statements after it. A piece that is too
// complex is not split: its parts would only add syntax errors.
func (p pieces) nested(start, end int, inner []*ScanToken) []*Stmt {
	stmts := p.parse(start, end)
	if len(inner) == 0 || len(stmts) != 1 || stmts[0].Err == nil || stmts[0].Err.TooComplex {
		return stmts
	}
	stmts = nil
	for _, tok := range inner {
		stmts = append(stmts, p.parse(start, int(tok.Start))...)
		start = int(tok.End)
	}
	return append(stmts, p.parse(start, end)...)
}

// scanPrefix scans src. On a lexical error it scans the part before the
// error again, so that the statements before it are still found, and
// returns the error with its offset in src.
func scanPrefix(src string) ([]*ScanToken, *SyntaxError) {
	if nul := strings.IndexByte(src, 0); nul >= 0 {
		// The C scanner stops at a zero byte; PostgreSQL rejects it.
		tokens, serr := scanPrefix(src[:nul])
		if serr == nil {
			serr = &SyntaxError{Offset: nul, Message: `invalid byte sequence for encoding "UTF8": 0x00`}
		}
		return tokens, serr
	}
	res, err := scanTokens(src)
	if err == nil {
		return res.Tokens, nil
	}
	serr := toSyntaxError(src, 0, err)
	if serr.Offset > 0 {
		if prefix, perr := scanTokens(src[:serr.Offset]); perr == nil {
			return prefix.Tokens, serr
		}
	}
	return nil, serr
}

// parse parses the piece src[start:end], unless it nests too deep for the
// parser.
func (p pieces) parse(start, end int) []*Stmt {
	src, text := p.src, p.src[start:end]
	if strings.TrimSpace(stripComments(text)) == "" {
		return nil
	}
	if est := nesting(tokensIn(p.tokens, start, end)); est > MaxNesting {
		s := SkipSpaceAndComments(src, start, end)
		return []*Stmt{{Start: s, End: trimRight(src, s, end), Err: tooComplex(s, est)}}
	}
	tree, err := parseTree(text)
	if err == nil {
		return fromTree(src, tree, start, end)
	}
	s := SkipSpaceAndComments(src, start, end)
	return []*Stmt{{Start: s, End: trimRight(src, s, end), Err: toSyntaxError(src, start, err)}}
}

// toSyntaxError converts a parser error for src[base:] into a SyntaxError.
// The parser reports a 1-based character position; it is converted to bytes.
func toSyntaxError(src string, base int, err error) *SyntaxError {
	var perr *parser.Error
	if !errors.As(err, &perr) {
		return &SyntaxError{Offset: base, Message: err.Error()}
	}
	off := base
	for chars := perr.Cursorpos - 1; chars > 0 && off < len(src); chars-- {
		_, size := utf8.DecodeRuneInString(src[off:])
		off += size
	}
	return &SyntaxError{Offset: off, Message: clipNear(perr.Message)}
}

// nearChars bounds the source text a syntax error quotes.
const nearChars = 40

// clipNear shortens the source text that a parser message quotes after
// "at or near": after an unterminated quote or comment it is the rest of
// the file, which may be megabytes, repeated in every output, or a secret
// when the file is a link to one. It keeps the first line, at most
// nearChars characters, and marks the cut with "…".
func clipNear(msg string) string {
	const marker = ` at or near "`
	i := strings.Index(msg, marker)
	if i < 0 {
		return msg
	}
	head, near := msg[:i+len(marker)], strings.TrimSuffix(msg[i+len(marker):], `"`)
	cut := len(near)
	if nl := strings.IndexAny(near, "\r\n"); nl >= 0 {
		cut = nl
	}
	for n, at := 0, 0; at < cut; n++ {
		if n == nearChars {
			cut = at
			break
		}
		_, size := utf8.DecodeRuneInString(near[at:])
		at += size
	}
	if cut == len(near) {
		return msg
	}
	return head + near[:cut] + `…"`
}

// SkipSpaceAndComments returns the offset of the first byte in src[start:end]
// that is neither white space nor part of a comment.
func SkipSpaceAndComments(src string, start, end int) int {
	i := start
	for i < end {
		switch {
		case isSpace(src[i]):
			i++
		case strings.HasPrefix(src[i:end], "--"):
			nl := strings.IndexByte(src[i:end], '\n')
			if nl < 0 {
				return end
			}
			i += nl + 1
		case strings.HasPrefix(src[i:end], "/*"):
			i = skipBlockComment(src, i, end)
		default:
			return i
		}
	}
	return end
}

// skipBlockComment skips a possibly nested /* */ comment starting at i.
func skipBlockComment(src string, i, end int) int {
	depth := 0
	for i < end {
		switch {
		case strings.HasPrefix(src[i:end], "/*"):
			depth++
			i += 2
		case strings.HasPrefix(src[i:end], "*/"):
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return end
}

func stripComments(text string) string {
	i := SkipSpaceAndComments(text, 0, len(text))
	return text[i:]
}

func trimRight(src string, start, end int) int {
	for end > start && isSpace(src[end-1]) {
		end--
	}
	return end
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// Comments returns the comments of src, found with PostgreSQL's own scanner
// so that comment markers inside strings and dollar quotes are not
// mistaken for comments. After a lexical error, only comments before the
// error are returned.
func Comments(src string) []Comment {
	tokens, _ := scanPrefix(src)
	var out []Comment
	for _, tok := range tokens {
		if tok.Token == Token_SQL_COMMENT || tok.Token == Token_C_COMMENT {
			out = append(out, Comment{Start: int(tok.Start), End: int(tok.End), Text: src[tok.Start:tok.End]})
		}
	}
	return out
}

// Scan splits SQL into tokens with PostgreSQL's scanner.
func Scan(sql string) (*ScanResult, error) { return scanTokens(sql) }

// scanTokens scans SQL as Scan does, decoding the scanner's
// protobuf output with the generated decoder (a third faster than protobuf
// reflection on a seed file of VALUES rows).
func scanTokens(sql string) (*ScanResult, error) {
	data, err := parser.ScanToProtobuf(sql)
	if err != nil {
		return nil, err
	}
	res := &ScanResult{}
	if err := decodeScanTokens(data, res); err != nil {
		return nil, err
	}
	return res, nil
}

// decodeScanTokens is decodeScanResult with the tokens allocated in one
// array: a large file has millions, and allocating each one and growing
// the slice was three quarters of the decoding. Output that does not
// take that shape is left to decodeScanResult.
func decodeScanTokens(b []byte, m *ScanResult) error {
	n := 0
	for rest := b; len(rest) > 0; {
		num, typ, k := wire.ConsumeTag(rest)
		if k < 0 {
			return decodeScanResult(b, m)
		}
		rest = rest[k:]
		if k = wire.ConsumeFieldValue(num, typ, rest); k < 0 {
			return decodeScanResult(b, m)
		}
		rest = rest[k:]
		if num == 2 && typ == wire.BytesType {
			n++
		}
	}
	tokens := make([]ScanToken, n)
	m.Tokens = make([]*ScanToken, 0, n)
	for len(b) > 0 {
		num, typ, k := wire.ConsumeTag(b)
		b = b[k:]
		switch {
		case num == 1 && typ == wire.VarintType:
			v, k := wire.ConsumeVarint(b)
			m.Version, b = int32(v), b[k:]
		case num == 2 && typ == wire.BytesType:
			v, k := wire.ConsumeBytes(b)
			x := &tokens[len(m.Tokens)]
			if err := decodeScanToken(v, x); err != nil {
				return err
			}
			m.Tokens, b = append(m.Tokens, x), b[k:]
		default:
			b = b[wire.ConsumeFieldValue(num, typ, b):]
		}
	}
	return nil
}
