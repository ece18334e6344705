package apply

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

// This file ties a failed statement to the hazard that caused it and says
// what in the data caused it.

// explain ties e to the rule that flags the failing statement and lists
// the failure's SQLSTATE among the ways its statements fail (the findings
// of every SQL rule, whatever the configuration or a directive says); the
// strongest such finding wins. Without one it falls back to the rule that
// the catalogue names for failures any statement can meet (a lock or
// statement timeout, a syntax error), else it names no rule: a failure on
// the data belongs to the hazard of its own statement.
func (r *runner) explain(e *Error, s *pgparse.Stmt) {
	var best *rules.Rule
	for _, f := range r.findings {
		if f.Offset < s.Start || f.Offset > s.End {
			continue
		}
		ru := rules.Lookup(f.Rule)
		if ru == nil || !failsWith(ru, e.Code) {
			continue
		}
		if best == nil || ru.Severity > best.Severity {
			best = ru
		}
	}
	if best == nil {
		for _, ru := range rules.ForSQLState(e.Code) {
			for _, f := range ru.Fails {
				if f.SQLState == e.Code && f.Fallback {
					best = ru
				}
			}
		}
	}
	if best != nil {
		e.Rule, e.Help, e.URL = best.ID, best.Help, best.URL()
	}
}

// failsWith reports whether a rule lists SQLSTATE code among its failures.
func failsWith(ru *rules.Rule, code string) bool {
	for _, f := range ru.Fails {
		if f.SQLState == code {
			return true
		}
	}
	return false
}

// keyRx reads the key of PostgreSQL's detail for unique, foreign key and
// exclusion violations: Key (email)=(a@example.com) is duplicated.
var keyRx = lazyre.New(`^Key \((.+?)\)=\((.*)\)`)

// dataCause fills e.Data with what in the data made the statement fail,
// after its transaction was rolled back: it counts the offending rows
// where PostgreSQL says which column or key they are in, and quotes
// PostgreSQL's example otherwise. A count that cannot be taken (the table
// was created in the rolled-back transaction) is left out.
func (r *runner) dataCause(ctx context.Context, e *Error) {
	if e == nil {
		return
	}
	table := e.table
	if table != "" && e.schema != "" && e.schema != "public" {
		table = e.schema + "." + e.table
	}
	switch e.Code {
	case "23502":
		e.Data = r.nullCause(ctx, e, table)
	case "23505":
		e.Data = r.duplicateCause(ctx, e, table)
	case "23503":
		if m := keyRx.FindStringSubmatch(e.Detail); m != nil {
			e.Data = fmt.Sprintf("rows reference values of (%s) that are missing from the referenced table, such as (%s)", m[1], m[2])
		}
	case "23514", "23P01":
		e.Data = "existing rows break the new constraint"
		if e.Detail != "" {
			e.Data += ": " + strings.TrimSuffix(e.Detail, ".")
		}
	default:
		if strings.HasPrefix(e.Code, "22") {
			e.Data = "a stored value cannot be converted: " + e.Message
		}
	}
}

// nullCause says how many rows hold NULL in the column a NOT NULL
// failure names.
func (r *runner) nullCause(ctx context.Context, e *Error, table string) string {
	if e.column == "" || e.table == "" {
		return "existing rows hold NULL where the statement requires a value"
	}
	q := fmt.Sprintf("SELECT count(*) FROM %s WHERE %s IS NULL", qualified(e.schema, e.table), columnList(e.column))
	if n, ok := r.count(ctx, q); ok {
		return fmt.Sprintf("%s of %q hold NULL in column %q", count(int(n), "row"), table, e.column)
	}
	return fmt.Sprintf("rows of %q hold NULL in column %q", table, e.column)
}

// duplicateCause says how many values of the key a unique failure names
// occur more than once, with PostgreSQL's example.
func (r *runner) duplicateCause(ctx context.Context, e *Error, table string) string {
	m := keyRx.FindStringSubmatch(e.Detail)
	if m == nil {
		return "existing rows hold duplicate values of the key"
	}
	cols := strings.Split(m[1], ", ")
	plain := e.table != ""
	for _, c := range cols {
		plain = plain && plainIdent(c)
	}
	if plain {
		q := fmt.Sprintf("SELECT count(*) FROM (SELECT 1 FROM %s GROUP BY %s HAVING count(*) > 1) d", qualified(e.schema, e.table), columnList(cols...))
		if n, ok := r.count(ctx, q); ok && n > 0 {
			return fmt.Sprintf("%s of (%s) occur more than once in %q, such as (%s)", count(int(n), "value"), m[1], table, m[2])
		}
	}
	return fmt.Sprintf("existing rows hold duplicate values of (%s), such as (%s)", m[1], m[2])
}

// count runs a counting query under the statement limits.
func (r *runner) count(ctx context.Context, q string) (int64, bool) {
	sctx, _, stop := r.limited(ctx)
	defer stop()
	var n int64
	if err := r.conn.QueryRow(sctx, q).Scan(&n); err != nil {
		return 0, false
	}
	return n, true
}

// qualified quotes a table name, with its schema when PostgreSQL gave one.
func qualified(schema, table string) string {
	if schema == "" {
		return pgx.Identifier{table}.Sanitize()
	}
	return pgx.Identifier{schema, table}.Sanitize()
}

// columnList quotes column names as a comma-separated list.
func columnList(cols ...string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = pgx.Identifier{c}.Sanitize()
	}
	return strings.Join(q, ", ")
}

// plainIdent reports whether a key column in PostgreSQL's detail is a
// plain column name (not an expression).
func plainIdent(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
