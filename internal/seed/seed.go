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
	"math"
	"strconv"
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
	fmt.Fprintf(o.Progress, "seeded %d rows into %d tables in %s\n", res.Rows, len(res.Tables), res.Duration.Round(time.Millisecond))
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
	n := want
	var notes []string
	refs := map[*fkey]refRows{}
	nullFK := map[*fkey]bool{}
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
					return 0, fmt.Sprintf("foreign key %s references generated columns of its own table", fk.name), nil
				}
				nullFK[fk] = true
			}
			continue
		}
		rr, err := readRefs(ctx, conn, fk)
		if err != nil {
			return 0, "", err
		}
		if len(rr) == 0 {
			if !nullable {
				return 0, fmt.Sprintf("foreign key %s references a table without rows", fk.name), nil
			}
			nullFK[fk] = true
			continue
		}
		refs[fk] = rr
	}
	// The columns to fill: the others get their default.
	var cols []int
	for i, c := range t.cols {
		if c.auto() {
			continue
		}
		if c.fk == nil && !supported(c) {
			switch {
			case c.def != "" || !c.notNull:
				continue
			default:
				return 0, fmt.Sprintf("no values can be generated for column %s of type %s", c.name, c.typ), nil
			}
		}
		cols = append(cols, i)
	}
	// Foreign keys whose columns make up a whole unique set (join tables)
	// pick combinations of referenced rows; a unique foreign key picks each
	// referenced row once.
	radix := map[*fkey][2]int{} // fk → divisor, modulus
	for _, u := range t.uniques {
		var fks []*fkey
		all := true
		for _, i := range u {
			c := t.cols[i]
			if c.fk == nil || nullFK[c.fk] || c.fk.ref == t.oid {
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
			m := len(refs[fk])
			radix[fk] = [2]int{div, m}
			div *= m
			combos *= m
		}
		if combos < n {
			n = combos
			notes = append(notes, fmt.Sprintf("only %d distinct combinations of referenced rows", combos))
		}
	}

	rows := make([][]string, n)
	for r := 0; r < n; r++ {
		row := make([]string, len(cols))
		for j, i := range cols {
			c := t.cols[i]
			switch {
			case c.fk != nil && nullFK[c.fk]:
				row[j] = "NULL"
			case c.fk != nil && c.fk.ref == t.oid:
				row[j] = selfRef(t, c, r)
			case c.fk != nil:
				rr := refs[c.fk]
				k := (r * 7) % len(rr)
				if d, ok := radix[c.fk]; ok {
					k = (r / d[0]) % d[1]
				} else if c.unique {
					k = r % len(rr)
				}
				if !c.notNull && r%10 == 3 && !c.unique {
					row[j] = "NULL"
				} else if v := rr[k][c.fkPosition]; v == nil {
					row[j] = "NULL"
				} else {
					row[j] = quote(*v)
				}
			default:
				row[j] = value(c, r)
			}
		}
		rows[r] = row
	}
	for _, u := range t.uniques {
		for _, i := range u {
			if c := t.cols[i]; c.fk != nil && c.fk.ref != t.oid && !nullFK[c.fk] && len(u) == len(c.fk.cols) {
				if m := len(refs[c.fk]); m < len(rows) {
					rows = rows[:m]
					notes = append(notes, fmt.Sprintf("unique foreign key %s: only %d referenced rows", c.fk.name, m))
				}
			}
		}
	}
	inserted, note, err := insert(ctx, conn, t, cols, rows)
	if note != "" {
		notes = append(notes, note)
	}
	return inserted, strings.Join(notes, "; "), err
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

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// supported reports whether value can generate values of the column's type.
func supported(c *column) bool {
	switch c.base {
	case "json", "jsonb", "uuid", "bytea", "point", "money", "xml", "tsvector":
		return true
	}
	if len(c.labels) > 0 || len(c.oneOf) > 0 {
		return true
	}
	switch c.category {
	case 'N', 'S', 'B', 'D', 'T', 'I', 'V':
		return true
	case 'A':
		return c.elemCat == 'N' || c.elemCat == 'S' || c.elemCat == 'B'
	}
	return false
}

// The pools non-unique columns draw from: repeated values, zero, negative
// numbers, empty and long text, so that later constraints and casts meet
// rows that break them.
var (
	intPool   = []int64{1, 2, 3, 0, 5, 42, -7, 100003, 8, 13, 2, 1}
	floatPool = []string{"1.5", "2", "0", "42.25", "-7.5", "100003.75", "3.125", "1.5"}
	textPool  = []string{"alpha", "beta", "", "gamma delta", "Ünïcode ✓", "alpha", "42", "a rather long value that is longer than a short varchar limit", "beta", "x"}
	dayPool   = []int{0, 1, 0, 400, 3, -30, 7, 1}
)

// value returns the SQL literal of column c in row r: NULL, DEFAULT or a
// quoted value.
func value(c *column, r int) string {
	if len(c.oneOf) > 0 {
		return quote(c.oneOf[r%len(c.oneOf)])
	}
	if !c.notNull && r%10 == 3 {
		return "NULL"
	}
	if c.def != "" && !c.unique && r%7 == 5 {
		return "DEFAULT"
	}
	if len(c.labels) > 0 {
		return quote(c.labels[r%len(c.labels)])
	}
	u := c.unique
	pick := func(n int) int { // index into a pool of n values
		return r % n
	}
	switch c.base {
	case "json", "jsonb":
		k := r
		if !u {
			k = r % 5
		}
		return quote(fmt.Sprintf(`{"n": %d, "tag": "t%d"}`, k, k%3))
	case "uuid":
		k := r
		if !u {
			k = r % 7
		}
		return quote(fmt.Sprintf("00000000-0000-4000-8000-%012x", k))
	case "bytea":
		k := r
		if !u {
			k = r % 5
		}
		return quote(fmt.Sprintf(`\x%06x`, k))
	case "point":
		return quote(fmt.Sprintf("(%d,%d)", r, r%7))
	case "xml":
		return quote(fmt.Sprintf("<v>%d</v>", r))
	case "tsvector":
		return quote(fmt.Sprintf("word%d other", r%9))
	}
	switch c.category {
	case 'N':
		return quote(number(c, r))
	case 'S':
		var s string
		if u {
			s = c.name + "-" + strconv.Itoa(r)
		} else {
			s = textPool[pick(len(textPool))]
			if s == "" && c.nonEmpty {
				s = "y"
			}
		}
		if n := int(c.typmod) - 4; n > 0 && (c.base == "varchar" || c.base == "bpchar") {
			s = fit(s, n, r, u)
		} else if c.base == "char" {
			s = string(rune('a' + r%26))
		}
		return quote(s)
	case 'B':
		if r%3 == 1 {
			return "'false'"
		}
		return "'true'"
	case 'D':
		base := time.Date(2024, 1, 1, 9, 30, 0, 0, time.UTC)
		var at time.Time
		if u {
			at = base.Add(time.Duration(r) * time.Minute)
		} else {
			at = base.AddDate(0, 0, dayPool[pick(len(dayPool))])
		}
		switch c.base {
		case "date":
			if u {
				at = base.AddDate(0, 0, r)
			}
			return quote(at.Format("2006-01-02"))
		case "time", "timetz":
			return quote(at.Format("15:04:05"))
		case "timestamptz":
			return quote(at.Format("2006-01-02 15:04:05+00"))
		}
		return quote(at.Format("2006-01-02 15:04:05"))
	case 'T':
		k := r
		if !u {
			k = dayPool[pick(len(dayPool))]
		}
		return quote(fmt.Sprintf("%d minutes", k))
	case 'I':
		k := r
		if !u {
			k = r % 6
		}
		if c.base == "cidr" {
			return quote(fmt.Sprintf("10.%d.%d.0/24", k/256%256, k%256))
		}
		return quote(fmt.Sprintf("10.%d.%d.%d", k/65536%256, k/256%256, k%256+1))
	case 'V':
		n := int(c.typmod)
		if n <= 0 {
			n = 4
		}
		bits := strconv.FormatInt(int64(r), 2)
		if len(bits) > n {
			bits = bits[len(bits)-n:]
		}
		if c.base == "bit" {
			bits = strings.Repeat("0", n-len(bits)) + bits
		}
		return quote(bits)
	case 'A':
		k := r
		if !u {
			k = r % 4
		}
		switch c.elemCat {
		case 'N':
			return quote(fmt.Sprintf("{%d,%d}", k, k+1))
		case 'B':
			return quote("{t,f}")
		default:
			return quote(fmt.Sprintf(`{"v%d","w"}`, k))
		}
	}
	return "NULL"
}

// number returns a numeric value for row r that fits the column's type and
// simple CHECK bounds.
func number(c *column, r int) string {
	lo, hi := math.Inf(-1), math.Inf(1)
	switch c.base {
	case "int2":
		lo, hi = -32768, 32767
	case "int4", "oid":
		lo, hi = math.MinInt32, math.MaxInt32
	case "int8":
		lo, hi = -9e18, 9e18
	case "numeric":
		if c.typmod >= 4 {
			p := int((c.typmod-4)>>16) & 0xffff
			s := int(c.typmod-4) & 0xffff
			limit := math.Pow(10, float64(p-s)) - math.Pow(10, -float64(s))
			lo, hi = -limit, limit
		}
	}
	if c.min != nil && *c.min > lo {
		lo = *c.min
	}
	if c.max != nil && *c.max < hi {
		hi = *c.max
	}
	integer := c.base == "int2" || c.base == "int4" || c.base == "int8" || c.base == "oid" ||
		(c.base == "numeric" && c.typmod >= 4 && (c.typmod-4)&0xffff == 0)
	var v float64
	if c.unique {
		v = float64(r + 1)
		if lo > 0 && !math.IsInf(lo, 0) {
			v = math.Ceil(lo) + float64(r)
		}
	} else if integer {
		v = float64(intPool[r%len(intPool)])
	} else {
		v, _ = strconv.ParseFloat(floatPool[r%len(floatPool)], 64)
	}
	if v < lo || v > hi {
		switch {
		case !math.IsInf(lo, 0) && !math.IsInf(hi, 0):
			span := hi - lo
			if integer {
				v = math.Ceil(lo) + math.Mod(math.Abs(v), math.Floor(span)+1)
			} else {
				v = lo + math.Mod(math.Abs(v), span+1e-9)
			}
		case !math.IsInf(lo, 0):
			v = math.Ceil(lo) + math.Mod(math.Abs(v), 1000)
		default:
			v = math.Floor(hi) - math.Mod(math.Abs(v), 1000)
		}
	}
	if integer {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// fit shortens s to n characters; unique values keep their row number.
func fit(s string, n, r int, unique bool) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	if unique {
		id := strconv.FormatInt(int64(r), 36)
		if len(id) >= n {
			return id
		}
		return string(rs[:n-len(id)]) + id
	}
	return string(rs[:n])
}
