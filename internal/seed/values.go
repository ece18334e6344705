package seed

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// This file holds the values Generate writes: one SQL literal per column
// and row, fitted to the column's type, length and simple CHECK bounds.

// quote writes s as an SQL string literal.
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
	if v, ok := baseTypeValue(c, r); ok {
		return v
	}
	switch c.category {
	case 'N':
		return quote(number(c, r))
	case 'S':
		return quote(text(c, r))
	case 'B':
		if r%3 == 1 {
			return "'false'"
		}
		return "'true'"
	case 'D':
		return quote(dateTime(c, r))
	case 'T':
		k := r
		if !c.unique {
			k = dayPool[r%len(dayPool)]
		}
		return quote(fmt.Sprintf("%d minutes", k))
	case 'I':
		return quote(network(c, r))
	case 'V':
		return quote(bitString(c, r))
	case 'A':
		return quote(array(c, r))
	}
	return "NULL"
}

// baseTypeValue returns the literal of the types that value knows by name
// rather than by category, and false for the others.
func baseTypeValue(c *column, r int) (string, bool) {
	u := c.unique
	switch c.base {
	case "json", "jsonb":
		k := r
		if !u {
			k = r % 5
		}
		return quote(fmt.Sprintf(`{"n": %d, "tag": "t%d"}`, k, k%3)), true
	case "uuid":
		k := r
		if !u {
			k = r % 7
		}
		return quote(fmt.Sprintf("00000000-0000-4000-8000-%012x", k)), true
	case "bytea":
		k := r
		if !u {
			k = r % 5
		}
		return quote(fmt.Sprintf(`\x%06x`, k)), true
	case "point":
		return quote(fmt.Sprintf("(%d,%d)", r, r%7)), true
	case "xml":
		return quote(fmt.Sprintf("<v>%d</v>", r)), true
	case "tsvector":
		return quote(fmt.Sprintf("word%d other", r%9)), true
	}
	return "", false
}

// text returns a string for row r that fits the column's length: unique
// columns number their values, the others draw from textPool.
func text(c *column, r int) string {
	u := c.unique
	var s string
	if u {
		s = c.name + "-" + strconv.Itoa(r)
	} else {
		s = textPool[r%len(textPool)]
		if s == "" && c.nonEmpty {
			s = "y"
		}
	}
	if n := int(c.typmod) - 4; n > 0 && (c.base == "varchar" || c.base == "bpchar") {
		s = fit(s, n, r, u)
	} else if c.base == "char" {
		s = string(rune('a' + r%26))
	}
	return s
}

// dateTime returns a date, time or timestamp for row r: unique columns a
// minute (or a day) apart, the others days from dayPool.
func dateTime(c *column, r int) string {
	u := c.unique
	base := time.Date(2024, 1, 1, 9, 30, 0, 0, time.UTC)
	var at time.Time
	if u {
		at = base.Add(time.Duration(r) * time.Minute)
	} else {
		at = base.AddDate(0, 0, dayPool[r%len(dayPool)])
	}
	switch c.base {
	case "date":
		if u {
			at = base.AddDate(0, 0, r)
		}
		return at.Format("2006-01-02")
	case "time", "timetz":
		return at.Format("15:04:05")
	case "timestamptz":
		return at.Format("2006-01-02 15:04:05+00")
	}
	return at.Format("2006-01-02 15:04:05")
}

// network returns an inet address or a cidr network for row r.
func network(c *column, r int) string {
	k := r
	if !c.unique {
		k = r % 6
	}
	if c.base == "cidr" {
		return fmt.Sprintf("10.%d.%d.0/24", k/256%256, k%256)
	}
	return fmt.Sprintf("10.%d.%d.%d", k/65536%256, k/256%256, k%256+1)
}

// bitString returns the low bits of r, as many as the column holds; a bit
// (not bit varying) column gets exactly its length.
func bitString(c *column, r int) string {
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
	return bits
}

// array returns a two-element array of the column's element category.
func array(c *column, r int) string {
	k := r
	if !c.unique {
		k = r % 4
	}
	switch c.elemCat {
	case 'N':
		return fmt.Sprintf("{%d,%d}", k, k+1)
	case 'B':
		return "{t,f}"
	default:
		return fmt.Sprintf(`{"v%d","w"}`, k)
	}
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
