package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file decides whether a session time zone is UTC, for the change of
// a column between timestamp and timestamptz, which PostgreSQL 12 and
// later make without rewriting the table when the zone has no offset.

// utcZones are the time zone names without offset that PostgreSQL
// accepts, lower-cased; each was checked on PostgreSQL 15 to change
// timestamp to timestamptz without a rewrite (pg_relation_filenode kept),
// while a zone with offset 0 and a history, such as Africa/Abidjan or
// Europe/London, rewrites.
var utcZones = map[string]bool{
	"utc": true, "etc/utc": true, "uct": true, "etc/uct": true, "gmt": true, "etc/gmt": true,
	"gmt0": true, "etc/gmt0": true, "etc/gmt+0": true, "etc/gmt-0": true, "zulu": true, "etc/zulu": true,
	"universal": true, "etc/universal": true, "greenwich": true, "etc/greenwich": true,
}

// utcOffsetRx matches a POSIX-style zone with offset zero: 0, +0, 00:00,
// -00:00, UTC0, UTC+0.
var utcOffsetRx = lazyre.New(`(?i)^(utc|gmt|uct)?[+-]?0{1,2}(:00){0,2}$`)

// isUTCZone reports whether a time zone setting is UTC or another zone
// without offset.
func isUTCZone(name string) bool {
	name = strings.ToLower(strings.TrimSpace(name))
	return utcZones[name] || utcOffsetRx.MatchString(name)
}

// zoneIsUTC reports whether the value given to SET TIME ZONE or to
// set_config('timezone', …) is UTC: a name (see isUTCZone), the number 0,
// or INTERVAL '+00:00'.
func zoneIsUTC(n *pgparse.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		if c := tc.Arg.GetAConst(); c != nil && c.GetSval() != nil && schema.TypeOf(tc.TypeName).Name == "interval" {
			return utcOffsetRx.MatchString(strings.TrimSpace(c.GetSval().Sval))
		}
		return false
	}
	c := n.GetAConst()
	switch {
	case c == nil:
		return false
	case c.GetSval() != nil:
		return isUTCZone(c.GetSval().Sval)
	case c.GetIval() != nil:
		return c.GetIval().Ival == 0
	case c.GetFval() != nil:
		return utcOffsetRx.MatchString(c.GetFval().Fval) || strings.Trim(c.GetFval().Fval, "0.+-") == ""
	}
	return false
}

// zoneOnlyChange reports whether changing a column's type from → to only
// switches between timestamp and timestamptz, to no precision or
// precision 6, while the session time zone is UTC on PostgreSQL 12 or
// later: PostgreSQL then keeps the stored values and does not rewrite the
// table (verified with pg_relation_filenode; a lower precision such as
// timestamptz(3) rewrites). The indexes on the column are rebuilt, since
// their operator class changes (columnIndexed).
func zoneOnlyChange(p *Pass, from, to schema.Type) bool {
	if !p.PG.AtLeast(12, 0) || !p.Tx.UTC.InEffect() || from.Array || to.Array {
		return false
	}
	pair := from.Name == "timestamp" && to.Name == "timestamptz" || from.Name == "timestamptz" && to.Name == "timestamp"
	return pair && (len(to.Mods) == 0 || to.Mods[0] >= 6)
}

// columnIndexed reports whether an index of table t that the schema knows
// covers column col: as a key, an INCLUDE column, or in an expression or
// predicate that names it, or the index of a constraint on it.
func columnIndexed(p *Pass, t *schema.Table, col string) bool {
	for _, c := range t.Constraints {
		if c.Kind == schema.PrimaryKey || c.Kind == schema.Unique || c.Kind == schema.Exclusion {
			for _, k := range c.Columns {
				if k == col {
					return true
				}
			}
		}
	}
	for _, ix := range p.Catalog.IndexesOn(t.Key()) {
		for _, c := range append(append([]string{}, ix.Columns...), ix.Include...) {
			if c == col || strings.HasPrefix(c, "(") && mentionsWord(c, col) {
				return true
			}
		}
		if mentionsWord(ix.Where, col) {
			return true
		}
	}
	return false
}

// mentionsWord reports whether text holds word as a whole identifier.
func mentionsWord(text, word string) bool {
	for i := strings.Index(text, word); i >= 0; {
		end := i + len(word)
		if (i == 0 || !isIdentByte(text[i-1])) && (end == len(text) || !isIdentByte(text[end])) {
			return true
		}
		j := strings.Index(text[i+1:], word)
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
