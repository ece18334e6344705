// Package seed fills a database with rows that look like production data,
// so that migrations which only work on empty tables fail where they would
// fail in production.
//
// Generate reads every user table from the server's catalog and inserts
// rows (Options.Rows per table) that satisfy column types, NOT NULL,
// defaults, primary keys and unique constraints, foreign keys (tables are
// filled in dependency order and reference rows that exist) and simple
// CHECK constraints (comparisons with a constant, IN lists, non-empty
// text). Nullable columns get some NULLs and non-unique columns repeat a
// small pool of values that includes 0, negative numbers, empty and long
// strings, so that a later NOT NULL, unique index, foreign key, CHECK or
// type change meets the data that breaks it. Rows that a CHECK too complex
// to read rejects are left out.
//
// Load runs the user's own seed file instead: plain SQL (through psql when
// it is installed, so COPY blocks of pg_dump output work) or a pg_dump
// custom-format archive (through pg_restore).
package seed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Options configure Generate.
type Options struct {
	// Rows is the number of rows per table (default 1000 when 0; use a
	// negative number for none).
	Rows int
	// Progress receives one line per table; nil discards them.
	Progress io.Writer
}

// Table is what Generate did to one table.
type Table struct {
	Name string // schema.table
	Rows int    // rows inserted
	// Note says why fewer rows than asked for were inserted, "" otherwise.
	Note string
}

// Result is the outcome of Generate.
type Result struct {
	Tables   []Table
	Rows     int
	Duration time.Duration
}

// Generate inserts rows into every user table of the database conn is
// connected to. It fails only when the catalog cannot be read; a table
// that cannot be filled is reported in its Table.Note.
func Generate(ctx context.Context, conn *pgx.Conn, o Options) (*Result, error) {
	start := time.Now()
	if o.Rows == 0 {
		o.Rows = 1000
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	res := &Result{}
	if o.Rows < 0 {
		return res, nil
	}
	tables, err := readTables(ctx, conn)
	if err != nil {
		return nil, fmt.Errorf("reading the catalog: %w", err)
	}
	for _, t := range order(tables) {
		tr := Table{Name: t.String()}
		n, note, err := fill(ctx, conn, t, o.Rows)
		if err != nil {
			return nil, err
		}
		tr.Rows, tr.Note = n, note
		res.Tables = append(res.Tables, tr)
		res.Rows += n
		if note != "" {
			fmt.Fprintf(o.Progress, "seeded %s: %d rows (%s)\n", tr.Name, n, note)
		}
	}
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	res.Duration = time.Since(start)
	noun := "tables"
	if len(res.Tables) == 1 {
		noun = "table"
	}
	fmt.Fprintf(o.Progress, "seeded %d rows into %d %s in %s\n", res.Rows, len(res.Tables), noun, res.Duration.Round(time.Millisecond))
	return res, nil
}

// order sorts tables so that referenced tables come first. In a cycle the
// table that comes first by name goes first; its references to tables not
// yet filled become NULL where allowed.
func order(tables []*table) []*table {
	byOID := map[uint32]*table{}
	for _, t := range tables {
		byOID[t.oid] = t
	}
	done := map[uint32]bool{}
	var out []*table
	for len(out) < len(tables) {
		progressed := false
		for _, t := range tables {
			if done[t.oid] {
				continue
			}
			ready := true
			for _, fk := range t.fks {
				if fk.ref != t.oid && byOID[fk.ref] != nil && !done[fk.ref] {
					ready = false
				}
			}
			if ready {
				done[t.oid] = true
				out = append(out, t)
				progressed = true
			}
		}
		if !progressed {
			for _, t := range tables {
				if !done[t.oid] {
					done[t.oid] = true
					out = append(out, t)
					break
				}
			}
		}
	}
	return out
}

// refRows are the key values of a referenced table, as text.
type refRows [][]*string

// fill generates and inserts the rows of one table.
func fill(ctx context.Context, conn *pgx.Conn, t *table, want int) (int, string, error) {
	p := &fillPlan{t: t, refs: map[*fkey]refRows{}, nullFK: map[*fkey]bool{}, radix: map[*fkey][2]int{}}
	if note, err := p.readForeignKeys(ctx, conn); note != "" || err != nil {
		return 0, note, err
	}
	if note := p.chooseColumns(); note != "" {
		return 0, note, nil
	}
	n, notes := p.combinations(want)
	rows := make([][]string, n)
	for r := range rows {
		rows[r] = p.row(r)
	}
	rows, capped := p.capUniqueRefs(rows)
	notes = append(notes, capped...)
	inserted, note, err := insert(ctx, conn, t, p.cols, rows)
	if note != "" {
		notes = append(notes, note)
	}
	return inserted, strings.Join(notes, "; "), err
}

// fillPlan is how fill generates the rows of one table.
type fillPlan struct {
	t *table
	// refs are the rows of the tables the foreign keys reference.
	refs map[*fkey]refRows
	// nullFK are the nullable foreign keys that stay NULL: their table has
	// no rows, or they reference columns of their own table we do not fill.
	nullFK map[*fkey]bool
	// radix gives the foreign keys that make up a whole unique set the
	// divisor and modulus that pick their combination of referenced rows.
	radix map[*fkey][2]int
	// cols are the columns to fill; the others get their default.
	cols []int
}

// readForeignKeys reads the referenced rows of each foreign key. It returns
// a note when a NOT NULL foreign key has nothing to reference.
func (p *fillPlan) readForeignKeys(ctx context.Context, conn *pgx.Conn) (string, error) {
	t := p.t
	for _, fk := range t.fks {
		nullable := true
		for _, i := range fk.cols {
			if t.cols[i].notNull {
				nullable = false
			}
		}
		if fk.ref == t.oid {
			if !selfRefUsable(t, fk) {
				if !nullable {
					return fmt.Sprintf("foreign key %s references generated columns of its own table", fk.name), nil
				}
				p.nullFK[fk] = true
			}
			continue
		}
		rr, err := readRefs(ctx, conn, fk)
		if err != nil {
			return "", err
		}
		if len(rr) == 0 {
			if !nullable {
				return fmt.Sprintf("foreign key %s references a table without rows", fk.name), nil
			}
			p.nullFK[fk] = true
			continue
		}
		p.refs[fk] = rr
	}
	return "", nil
}

// chooseColumns picks the columns to fill: not those PostgreSQL fills
// itself, nor those of a type we cannot generate that have a default or
// allow NULL. It returns a note when a required column cannot be filled.
func (p *fillPlan) chooseColumns() string {
	for i, c := range p.t.cols {
		if c.auto() {
			continue
		}
		if c.fk == nil && !supported(c) {
			switch {
			case c.def != "" || !c.notNull:
				continue
			default:
				return fmt.Sprintf("no values can be generated for column %s of type %s", c.name, c.typ)
			}
		}
		p.cols = append(p.cols, i)
	}
	return ""
}

// combinations sets up the foreign keys whose columns make up a whole
// unique set (join tables) to pick combinations of referenced rows, and
// returns how many of the want rows there are combinations for.
func (p *fillPlan) combinations(want int) (int, []string) {
	t, n := p.t, want
	var notes []string
	for _, u := range t.uniques {
		var fks []*fkey
		all := true
		for _, i := range u {
			c := t.cols[i]
			if c.fk == nil || p.nullFK[c.fk] || c.fk.ref == t.oid {
				all = false
				break
			}
			if len(fks) == 0 || fks[len(fks)-1] != c.fk {
				fks = append(fks, c.fk)
			}
		}
		if !all {
			continue
		}
		div, combos := 1, 1
		for _, fk := range fks {
			m := len(p.refs[fk])
			p.radix[fk] = [2]int{div, m}
			div *= m
			combos *= m
		}
		if combos < n {
			n = combos
			notes = append(notes, fmt.Sprintf("only %d distinct combinations of referenced rows", combos))
		}
	}
	return n, notes
}

// row returns the SQL literals of row r for the columns to fill.
func (p *fillPlan) row(r int) []string {
	t := p.t
	row := make([]string, len(p.cols))
	for j, i := range p.cols {
		c := t.cols[i]
		switch {
		case c.fk != nil && p.nullFK[c.fk]:
			row[j] = "NULL"
		case c.fk != nil && c.fk.ref == t.oid:
			row[j] = selfRef(t, c, r)
		case c.fk != nil:
			row[j] = p.fkValue(c, r)
		default:
			row[j] = value(c, r)
		}
	}
	return row
}

// fkValue picks the referenced value of foreign-key column c in row r: a
// key that makes up part of a unique set takes its share of the
// combination, a unique key each referenced row once, any other key every
// seventh referenced row.
func (p *fillPlan) fkValue(c *column, r int) string {
	rr := p.refs[c.fk]
	k := (r * 7) % len(rr)
	if d, ok := p.radix[c.fk]; ok {
		k = (r / d[0]) % d[1]
	} else if c.unique {
		k = r % len(rr)
	}
	if !c.notNull && r%10 == 3 && !c.unique {
		return "NULL"
	}
	if v := rr[k][c.fkPosition]; v != nil {
		return quote(*v)
	}
	return "NULL"
}

// capUniqueRefs cuts the rows down to the number of referenced rows when a
// unique set is one foreign key, which can pick each referenced row once.
func (p *fillPlan) capUniqueRefs(rows [][]string) ([][]string, []string) {
	t := p.t
	var notes []string
	for _, u := range t.uniques {
		for _, i := range u {
			if c := t.cols[i]; c.fk != nil && c.fk.ref != t.oid && !p.nullFK[c.fk] && len(u) == len(c.fk.cols) {
				if m := len(p.refs[c.fk]); m < len(rows) {
					rows = rows[:m]
					notes = append(notes, fmt.Sprintf("unique foreign key %s: only %d referenced rows", c.fk.name, m))
				}
			}
		}
	}
	return rows, notes
}

// selfRefUsable reports whether the rows of a self-referencing foreign key
// can point at earlier rows: the referenced columns are ones we fill.
func selfRefUsable(t *table, fk *fkey) bool {
	for _, n := range fk.refCols {
		for _, c := range t.cols {
			if c.num == n && (c.auto() || !supported(c)) {
				return false
			}
		}
	}
	return true
}

// selfRef returns the value of a self-referencing foreign-key column in row
// r: the referenced column's value in the row before (row 0 refers to itself
// unless the column is nullable).
func selfRef(t *table, c *column, r int) string {
	refNum := c.fk.refCols[c.fkPosition]
	for _, rc := range t.cols {
		if rc.num == refNum {
			if r == 0 && !c.notNull || r%10 == 3 && !c.notNull {
				return "NULL"
			}
			prev := r - 1
			if prev < 0 {
				prev = 0
			}
			return value(rc, prev)
		}
	}
	return "NULL"
}

func readRefs(ctx context.Context, conn *pgx.Conn, fk *fkey) (refRows, error) {
	var names []string
	var cond []string
	rows, err := conn.Query(ctx, `SELECT n.nspname, c.relname, a.attname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
WHERE c.oid = $1 AND a.attnum = ANY($2) ORDER BY array_position($2, a.attnum)`, fk.ref, fk.refCols)
	if err != nil {
		return nil, err
	}
	var schema, rel string
	for rows.Next() {
		var a string
		if err := rows.Scan(&schema, &rel, &a); err != nil {
			return nil, err
		}
		id := pgx.Identifier{a}.Sanitize()
		names = append(names, id+"::text")
		cond = append(cond, id+" IS NOT NULL")
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, nil
	}
	q := fmt.Sprintf("SELECT %s FROM %s WHERE %s LIMIT 100000", strings.Join(names, ", "), pgx.Identifier{schema, rel}.Sanitize(), strings.Join(cond, " AND "))
	rows, err = conn.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	var out refRows
	for rows.Next() {
		vals := make([]*string, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

// insert inserts the rows in one statement; when that fails (a CHECK too
// complex to read, a value PostgreSQL rejects) it inserts them one by one
// and keeps those that succeed.
func insert(ctx context.Context, conn *pgx.Conn, t *table, cols []int, rows [][]string) (int, string, error) {
	if len(rows) == 0 {
		return 0, "", nil
	}
	var head strings.Builder
	head.WriteString("INSERT INTO " + t.qname() + " (")
	if len(cols) == 0 {
		// Every column fills itself: name one and let it default.
		head.WriteString(pgx.Identifier{t.cols[0].name}.Sanitize())
	}
	for j, i := range cols {
		if j > 0 {
			head.WriteString(", ")
		}
		head.WriteString(pgx.Identifier{t.cols[i].name}.Sanitize())
	}
	head.WriteString(") VALUES ")
	tuple := func(row []string) string {
		if len(row) == 0 {
			return "(DEFAULT)"
		}
		return "(" + strings.Join(row, ", ") + ")"
	}
	const batch = 1000
	inserted := 0
	var firstErr error
	for start := 0; start < len(rows); start += batch {
		end := min(start+batch, len(rows))
		var b strings.Builder
		b.WriteString(head.String())
		for r := start; r < end; r++ {
			if r > start {
				b.WriteString(", ")
			}
			b.WriteString(tuple(rows[r]))
		}
		if _, err := conn.Exec(ctx, b.String()); err == nil {
			inserted += end - start
			continue
		} else if ctx.Err() != nil || !isDataError(err) {
			return inserted, "", fmt.Errorf("seeding %s: %w", t, err)
		}
		for r := start; r < end; r++ {
			_, err := conn.Exec(ctx, head.String()+tuple(rows[r]))
			if err != nil && isCheckError(err) {
				// A CHECK too complex to read holds for NULL: try again
				// with the nullable columns that are no key left empty.
				_, err = conn.Exec(ctx, head.String()+tuple(nullOptional(t, cols, rows[r])))
			}
			if err != nil {
				if ctx.Err() != nil || !isDataError(err) {
					return inserted, "", fmt.Errorf("seeding %s: %w", t, err)
				}
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
			inserted++
		}
	}
	if firstErr != nil {
		return inserted, fmt.Sprintf("%d rows rejected, first: %s", len(rows)-inserted, pgMessage(firstErr)), nil
	}
	return inserted, "", nil
}

// isDataError reports whether err is PostgreSQL rejecting a row (classes
// 22 data exception and 23 integrity constraint violation) rather than
// the connection or the server failing.
func isDataError(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (strings.HasPrefix(pe.Code, "22") || strings.HasPrefix(pe.Code, "23") || pe.Code == "42804" || pe.Code == "P0001")
}

func isCheckError(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23514"
}

// nullOptional returns row with its nullable columns that are neither
// unique nor foreign keys set to NULL.
func nullOptional(t *table, cols []int, row []string) []string {
	out := append([]string(nil), row...)
	for j, i := range cols {
		if c := t.cols[i]; !c.notNull && !c.unique && c.fk == nil {
			out[j] = "NULL"
		}
	}
	return out
}

func pgMessage(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Message
	}
	return err.Error()
}
