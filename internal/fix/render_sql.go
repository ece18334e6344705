package fix

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

// sqlRender writes a set of fixes into an SQL migration: it decides how
// the file's transactions change (a marker that turns the tool's
// transaction off, an explicit BEGIN … COMMIT, where the statements of a
// later transaction go) and refuses the fixes it cannot place.
type sqlRender struct {
	f      *migrations.File
	format migrations.Format
	stmts  []*pgparse.Stmt
	fixes  []*sqlFix
	nl     string
	// mode is the file's transaction model once the marker is set.
	mode    migrations.TxMode
	marker  []fileEdit
	wrap    bool // put the statements in BEGIN … COMMIT, the later ones after
	refused map[candidate]string
	notes   []string
	// postAt is where the later statements of a fix go, when not after
	// the COMMIT of wrap.
	postAt map[*sqlFix]int
}

// fileEdit is an edit of the file; edits at one offset apply in order.
type fileEdit struct {
	edit
	order int
}

func newSQLRender(f *migrations.File, format migrations.Format, stmts []*pgparse.Stmt, set []candidate) *sqlRender {
	r := &sqlRender{f: f, format: format, stmts: stmts, nl: newline(f.Src), mode: f.Tx,
		refused: map[candidate]string{}, postAt: map[*sqlFix]int{}}
	for _, c := range set {
		r.fixes = append(r.fixes, c.(*sqlFix))
	}
	return r
}

// render returns the file with the fixes it can place.
func (r *sqlRender) render() string {
	if len(r.stmts) == 0 {
		for _, fx := range r.fixes {
			r.refused[fx] = "the migration has no statement"
		}
		return r.f.Src
	}
	r.placeNoTx()
	r.placePosts()
	return r.apply()
}

func (r *sqlRender) live(fx *sqlFix) bool { _, no := r.refused[fx]; return !no }

func (r *sqlRender) refuse(fs []*sqlFix, why string) {
	for _, fx := range fs {
		r.refused[fx] = why
	}
}

// placeNoTx lets the statements that must run outside a transaction block
// do so, or refuses their fixes: in a file run without a transaction, a
// statement outside any BEGIN … COMMIT of the file is there already; a
// file its tool wraps is marked to run without one, when it holds nothing
// else that must stay in the transaction (SETs may stay); a file sent as
// one multi-statement string must hold the statement alone.
func (r *sqlRender) placeNoTx() {
	var nt []*sqlFix
	mine := map[int]bool{}
	for _, fx := range r.fixes {
		if fx.noTx && r.live(fx) {
			nt = append(nt, fx)
			mine[fx.stmt] = true
		}
	}
	if len(nt) == 0 {
		return
	}
	what := concurrentWhat(r.stmts[nt[0].stmt])
	if r.mode == migrations.TxNone {
		for _, fx := range nt {
			if b := r.blockOf(fx.stmt); b >= 0 {
				r.refused[fx] = fmt.Sprintf("the statement runs inside the BEGIN of line %d: move it after the block's COMMIT", r.line(r.stmts[b].Start))
			}
		}
		return
	}
	if r.mode == migrations.TxWrapped {
		for i, s := range r.stmts {
			if mine[i] || s.Node != nil && s.Node.GetVariableSetStmt() != nil {
				continue
			}
			r.refuse(nt, fmt.Sprintf("the file also runs %s (line %d), which must stay in the migration's transaction: give the %s a migration of its own",
				words(r.text(i), 4), r.line(s.Start), what))
			return
		}
		m, mode, why := r.markNoTx()
		if why != "" {
			r.refuse(nt, why)
			return
		}
		r.marker, r.mode = m, mode
	}
	if r.mode == migrations.TxImplicit && len(r.stmts)+r.headers() > 1 {
		r.refuse(nt, fmt.Sprintf("%s sends the file as one multi-statement string, which PostgreSQL runs as one transaction: %s needs the statement alone in its file",
			r.format, what))
		r.marker, r.mode = nil, r.f.Tx
	}
}

// concurrentWhat names a statement that a fix makes concurrent.
func concurrentWhat(s *pgparse.Stmt) string {
	switch {
	case s.Node.GetDropStmt() != nil:
		return "DROP INDEX CONCURRENTLY"
	case s.Node.GetReindexStmt() != nil:
		return "REINDEX CONCURRENTLY"
	}
	return "CREATE INDEX CONCURRENTLY"
}

// blockOf returns the index of the BEGIN of the explicit transaction
// block that holds statement i, or -1.
func (r *sqlRender) blockOf(i int) int {
	open := -1
	for j, s := range r.stmts[:i] {
		if ts := s.Node.GetTransactionStmt(); ts != nil {
			switch ts.Kind {
			case pgparse.TransactionStmtKind_TRANS_STMT_BEGIN, pgparse.TransactionStmtKind_TRANS_STMT_START:
				open = j
			case pgparse.TransactionStmtKind_TRANS_STMT_COMMIT, pgparse.TransactionStmtKind_TRANS_STMT_ROLLBACK:
				open = -1
			}
		}
	}
	return open
}

// headers counts the SETs the live fixes add.
func (r *sqlRender) headers() int {
	n := 0
	for _, fx := range r.fixes {
		if fx.isHeader() && r.live(fx) {
			n++
		}
	}
	return n
}

// placePosts decides where the statements of later transactions go.
func (r *sqlRender) placePosts() {
	var pf []*sqlFix
	for _, fx := range r.fixes {
		if len(fx.post) > 0 && r.live(fx) {
			pf = append(pf, fx)
		}
	}
	if len(pf) == 0 {
		return
	}
	switch r.mode {
	case migrations.TxNone:
		for _, fx := range pf {
			if at, why := r.afterBlock(fx.stmt); why != "" {
				r.refused[fx] = why
			} else {
				r.postAt[fx] = at
			}
		}
		return
	case migrations.TxWrapped:
		if r.hasTxControl() {
			r.refuse(pf, "the file runs BEGIN or COMMIT although its tool wraps it in a transaction: sort its transactions out first")
			return
		}
		m, mode, why := r.markNoTx()
		if why != "" {
			r.refuse(pf, why)
			return
		}
		r.marker, r.mode = m, mode
	case migrations.TxImplicit:
		if r.hasTxControl() {
			r.refuse(pf, "the file runs BEGIN or COMMIT itself: put the VALIDATE after its COMMIT by hand")
			return
		}
	}
	r.wrap = true
	r.notes = append(r.notes, "its statements now run in an explicit BEGIN … COMMIT, and the statements that must come in a later transaction after it")
}

// hasTxControl reports whether the file runs BEGIN, COMMIT or ROLLBACK.
func (r *sqlRender) hasTxControl() bool {
	for _, s := range r.stmts {
		if s.Node != nil && s.Node.GetTransactionStmt() != nil {
			return true
		}
	}
	return false
}

// afterBlock returns where statements that must follow statement i in a
// later transaction go in a file run without a transaction: after it, or
// after the COMMIT of the explicit block that holds it.
func (r *sqlRender) afterBlock(i int) (int, string) {
	open := false
	for j, s := range r.stmts {
		ts := s.Node.GetTransactionStmt()
		if ts != nil {
			switch ts.Kind {
			case pgparse.TransactionStmtKind_TRANS_STMT_BEGIN, pgparse.TransactionStmtKind_TRANS_STMT_START:
				open = true
			case pgparse.TransactionStmtKind_TRANS_STMT_COMMIT, pgparse.TransactionStmtKind_TRANS_STMT_ROLLBACK:
				if open && j > i {
					return r.after(j), ""
				}
				open = false
			}
		}
		if j == i && !open {
			return r.after(i), ""
		}
	}
	return 0, "the statement is in a transaction block that the file never commits"
}

// after returns the offset of the line after the one that ends statement
// i (with its semicolon), past a goose StatementEnd.
func (r *sqlRender) after(i int) int {
	src := r.f.Src
	j := r.stmts[i].End
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j < len(src) && src[j] == ';' {
		j++
	}
	at := lineEnd(src, j)
	if r.format == migrations.Goose && at < len(src) {
		next := strings.TrimSpace(src[at:lineEnd(src, at)])
		if strings.HasPrefix(next, "--") && strings.Contains(next, "+goose") && strings.Contains(strings.ToLower(next), "statementend") {
			at = lineEnd(src, at)
		}
	}
	return at
}

// terminated reports whether statement i ends with a semicolon.
func (r *sqlRender) terminated(i int) bool {
	rest := strings.TrimLeft(r.f.Src[r.stmts[i].End:], " \t")
	return strings.HasPrefix(rest, ";")
}

// headerAt is where SETs and BEGIN go: the line of the first statement,
// or above the suppression comments and goose StatementBegin right above
// it, which belong to that statement.
func (r *sqlRender) headerAt() int {
	src := r.f.Src
	at := lineStart(src, r.stmts[0].Start)
	for at > 0 {
		prev := lineStart(src, at-1)
		t := strings.TrimSpace(src[prev:at])
		if !strings.HasPrefix(t, "--") || !belongsToNext(t) {
			break
		}
		at = prev
	}
	return at
}

// belongsToNext reports whether a comment line applies to the statement
// after it: a suppression of that statement, or goose's StatementBegin.
func belongsToNext(comment string) bool {
	l := strings.ToLower(comment)
	switch {
	case strings.Contains(l, "migguard:ignore") && !strings.Contains(l, "migguard:ignore-file"):
		return true
	case strings.Contains(l, "squawk-ignore") && !strings.Contains(l, "squawk-ignore-file"):
		return true
	case strings.Contains(l, "eugene:"), strings.Contains(l, "+goose") && strings.Contains(l, "statementbegin"):
		return true
	}
	return false
}

var (
	gooseUpRx      = lazyre.New(`(?im)^--\s*\+goose\s+up\s*$`)
	dbmateUpLineRx = lazyre.New(`(?m)^--\s*migrate:up\b[^\r\n]*`)
	sqlMigrateUpRx = lazyre.New(`(?m)^--\s*\+migrate\s+Up\b[^\r\n]*`)
	atlasTxRx      = lazyre.New(`(?m)^--\s*atlas:txmode\s+\S+`)
)

// markNoTx returns the edit that makes the file's tool run it without a
// transaction of its own, and the transaction model the file then has;
// why says when there is none.
func (r *sqlRender) markNoTx() ([]fileEdit, migrations.TxMode, string) {
	src := r.f.Src
	if strings.HasPrefix(r.f.TxSource, "-- migguard:tx") || strings.Contains(r.f.TxSource, " sets tx: ") {
		return nil, 0, fmt.Sprintf("the file's transaction comes from %s, which migguard cannot change for its tool", r.f.TxSource)
	}
	ins := func(at int, text, note string, mode migrations.TxMode) ([]fileEdit, migrations.TxMode, string) {
		r.notes = append(r.notes, note)
		return []fileEdit{{edit: edit{start: at, end: at, text: text}, order: -1}}, mode, ""
	}
	switch r.format {
	case migrations.Goose:
		if m := gooseUpRx.FindStringIndex(src); m != nil {
			return ins(lineEnd(src, m[0]), "-- +goose NO TRANSACTION"+r.nl, "marked -- +goose NO TRANSACTION", migrations.TxNone)
		}
	case migrations.Dbmate:
		if m := dbmateUpLineRx.FindStringIndex(src); m != nil {
			end := strings.TrimRight(src[m[0]:m[1]], " \t\r")
			return ins(m[0]+len(end), " transaction:false", "marked -- migrate:up transaction:false", migrations.TxImplicit)
		}
	case migrations.SQLMigrate:
		if m := sqlMigrateUpRx.FindStringIndex(src); m != nil {
			end := strings.TrimRight(src[m[0]:m[1]], " \t\r")
			return ins(m[0]+len(end), " notransaction", "marked -- +migrate Up notransaction", migrations.TxNone)
		}
	case migrations.Atlas:
		if m := atlasTxRx.FindStringIndex(src); m != nil {
			r.notes = append(r.notes, "marked -- atlas:txmode none")
			return []fileEdit{{edit: edit{start: m[0], end: m[1], text: "-- atlas:txmode none"}, order: -1}}, migrations.TxNone, ""
		}
		return ins(bomLen(src), "-- atlas:txmode none"+r.nl+r.nl, "marked -- atlas:txmode none", migrations.TxNone)
	case migrations.Tern:
		return ins(bomLen(src), "---- tern: disable-tx ----"+r.nl, "marked ---- tern: disable-tx ----", migrations.TxNone)
	case migrations.Flyway:
		if r.onlyConcurrent() {
			// Flyway runs a migration that holds only statements it
			// cannot run in a transaction outside one, by itself.
			return nil, migrations.TxNone, ""
		}
		return nil, 0, fmt.Sprintf("flyway runs this migration in a transaction (%s): set executeInTransaction=false in %s.conf, or give the statements that must follow in a later transaction a migration of their own",
			r.f.TxSource, path.Base(r.f.Path))
	}
	return nil, 0, fmt.Sprintf("%s runs this migration in a transaction (%s) and migguard knows no marker in the file that turns it off", r.format, r.f.TxSource)
}

// onlyConcurrent reports whether every statement of the file is one that
// a live fix makes concurrent.
func (r *sqlRender) onlyConcurrent() bool {
	mine := map[int]bool{}
	for _, fx := range r.fixes {
		if fx.noTx && r.live(fx) {
			mine[fx.stmt] = true
		}
	}
	return len(mine) == len(r.stmts) && r.headers() == 0
}

func bomLen(src string) int {
	if strings.HasPrefix(src, "\uFEFF") {
		return len("\uFEFF")
	}
	return 0
}

// apply writes the live fixes into the file.
func (r *sqlRender) apply() string {
	var es []fileEdit
	es = append(es, r.marker...)
	var head strings.Builder
	for _, fx := range r.fixes {
		if fx.isHeader() && r.live(fx) {
			head.WriteString(fx.header + r.nl)
		}
	}
	if r.wrap {
		head.WriteString("BEGIN;" + r.nl)
	}
	if head.Len() > 0 {
		at := r.headerAt()
		es = append(es, fileEdit{edit: edit{start: at, end: at, text: head.String()}})
	}
	var later strings.Builder
	for _, fx := range r.fixes {
		if fx.isHeader() || !r.live(fx) {
			continue
		}
		for _, e := range fx.edits {
			es = append(es, fileEdit{edit: e, order: 1})
		}
		if len(fx.after) > 0 {
			es = append(es, r.afterStmt(fx.stmt, r.comments(fx.after), 2))
		}
		if len(fx.post) == 0 {
			continue
		}
		if !r.wrap {
			es = append(es, r.insertAt(r.postAt[fx], fx.stmt, r.postText(fx), 3))
			continue
		}
		later.WriteString(r.postText(fx))
	}
	if r.wrap {
		last := len(r.stmts) - 1
		es = append(es, r.afterStmt(last, "COMMIT;"+r.nl+later.String(), 4))
	}
	return applyEdits(r.f.Src, es)
}

// postText is the comment and the statements of a fix's later
// transaction.
func (r *sqlRender) postText(fx *sqlFix) string {
	var b strings.Builder
	b.WriteString(r.comments([]string{"migguard fix: " + fx.postNote}))
	for _, s := range fx.post {
		b.WriteString(s + ";" + r.nl)
	}
	return b.String()
}

func (r *sqlRender) comments(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("-- " + l + r.nl)
	}
	return b.String()
}

// afterStmt inserts text on the lines after statement i.
func (r *sqlRender) afterStmt(i int, text string, order int) fileEdit {
	return r.insertAt(r.after(i), i, text, order)
}

// insertAt inserts text at offset at, which starts a line after
// statement i, ending the line before and the statement first when the
// file does not.
func (r *sqlRender) insertAt(at, i int, text string, order int) fileEdit {
	src := r.f.Src
	end := r.stmts[i].End
	switch {
	case !r.terminated(i) && at == len(src) && strings.TrimSpace(src[end:]) == "":
		// The file ends with the statement: end it right there.
		return fileEdit{edit: edit{start: end, end: len(src), text: ";" + r.nl + text}, order: order}
	case at == len(src) && len(src) > 0 && src[len(src)-1] != '\n':
		text = r.nl + text
	}
	if !r.terminated(i) && at > end {
		text = ";" + r.nl + text
	}
	return fileEdit{edit: edit{start: at, end: at, text: text}, order: order}
}

// applyEdits applies non-overlapping edits, in offset order and, at one
// offset, in their order.
func applyEdits(src string, es []fileEdit) string {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].start != es[j].start {
			return es[i].start < es[j].start
		}
		return es[i].order < es[j].order
	})
	var b strings.Builder
	pos := 0
	for _, e := range es {
		if e.start < pos {
			continue // overlaps an edit applied already
		}
		b.WriteString(src[pos:e.start])
		b.WriteString(e.text)
		pos = e.end
	}
	b.WriteString(src[pos:])
	return b.String()
}

func (r *sqlRender) text(i int) string { return r.f.Src[r.stmts[i].Start:r.stmts[i].End] }

func (r *sqlRender) line(off int) int { return strings.Count(r.f.Src[:off], "\n") + 1 }
