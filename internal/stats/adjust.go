package stats

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/migguard/migguard/internal/rules"
)

// The default thresholds (stats.small, stats.large and stats.long_lock in
// .migguard.yaml).
const (
	// DefaultSmall: the work on a table under 10 MB ends within half a
	// second at the slowest rate.
	DefaultSmall = 10 * MB
	// DefaultLarge: work on a table of 1 GB or more takes 10 seconds to a
	// minute and more.
	DefaultLarge = 1024 * MB
	// DefaultLongLock: a lock held 5 seconds or more queues every query on
	// the table for that long, which a busy application notices.
	DefaultLongLock = 5 * time.Second
)

// Thresholds move a finding's severity by the size of its table; a zero
// field means its default.
type Thresholds struct {
	// Small: work on a table whose total size is under it is info.
	Small int64
	// Large: work on a table whose total size is at least Large, or whose
	// lock Estimate holds at least LongLock, is an error.
	Large    int64
	LongLock time.Duration
}

// WithDefaults returns t with its zero fields set to the defaults.
func (t Thresholds) WithDefaults() Thresholds {
	if t.Small == 0 {
		t.Small = DefaultSmall
	}
	if t.Large == 0 {
		t.Large = DefaultLarge
	}
	if t.LongLock == 0 {
		t.LongLock = DefaultLongLock
	}
	return t
}

// Options configure Adjust.
type Options struct {
	Thresholds
	// Fixed reports whether the configuration gives rule id a severity
	// of its own (rules: {id: warning}): the team's choice wins, and the
	// finding only gets the size in its message. Nil fixes none.
	Fixed func(id string) bool
}

// Adjust adds to each finding about the lock or work on an existing table
// (rules.Finding.Table) what s knows of the table: its size and rows, and
// for work that grows with the table (rules.Finding.TableWork: a scan, an
// index build, a rewrite, a change of every row) how long Estimate
// reckons the lock is held. The
// severity of such work moves with the table: under Small it is info; at
// Large or over, or with a lock held LongLock or longer, it is an error;
// in between, and for a table s does not hold, it stays the rule's. A
// finding that only changes the catalog keeps its severity whatever the
// size: its lock is held for an instant, and what it risks is the queue
// behind a long transaction, which the table's traffic decides, not its
// size. Findings are changed in place. A nil s changes nothing.
func Adjust(fs []rules.Finding, s *Snapshot, o Options) {
	if s == nil {
		return
	}
	th := o.Thresholds.WithDefaults()
	for i := range fs {
		f := &fs[i]
		if f.Table == "" {
			continue
		}
		t := s.Lookup(f.Table)
		if t == nil {
			f.Message += fmt.Sprintf("; %q is not in %s, so its size is not known", display(f.Table), s.Name())
			continue
		}
		d, rate, grows := Estimate(t, f.TableWork)
		f.Message += "; " + describe(t) + ": " + holds(f, d, rate, grows)
		if !grows || o.Fixed != nil && o.Fixed(f.Rule) {
			continue
		}
		switch {
		case t.TotalBytes < th.Small:
			f.Severity = rules.Info
		case t.TotalBytes >= th.Large || d >= th.LongLock:
			f.Severity = rules.Error
		}
	}
}

// describe says how big a table is: `"orders" holds 1.5 GB, about
// 12,000,000 rows`.
func describe(t *Table) string {
	rows := "rows unknown (never analysed)"
	if t.Rows != nil {
		rows = "about " + thousands(*t.Rows) + " rows"
	}
	return fmt.Sprintf("%q holds %s, %s", display(t.Key()), FormatSize(t.TotalBytes), rows)
}

// holds says how long the finding's lock is held.
func holds(f *rules.Finding, d time.Duration, rate int64, grows bool) string {
	if !grows {
		return "the lock is held only while the catalog changes, whatever the size"
	}
	work := f.TableWork.String()
	if f.TableWork == rules.WorkRows {
		work = "pass over every row"
	}
	return fmt.Sprintf("the %s holds the lock for %s (at %d MB/s)", work, FormatDuration(d), rate/MB)
}

// display is how messages name a table: without "public.".
func display(key string) string { return strings.TrimPrefix(key, "public.") }

// FormatDuration writes an estimate: "under a second", "about 12s",
// "about 4m10s", "about 17m", "about 2h5m".
func FormatDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return "under a second"
	case d < time.Minute:
		return "about " + d.Round(time.Second).String()
	case d < time.Hour:
		d = d.Round(10 * time.Second)
	default:
		d = d.Round(time.Minute)
	}
	s := d.String() // 17m0s, 1m40s, 2h5m0s, 1h0m0s
	if t, ok := strings.CutSuffix(s, "m0s"); ok {
		s = t + "m"
	}
	if t, ok := strings.CutSuffix(s, "h0m"); ok {
		s = t + "h"
	}
	return "about " + s
}

// FormatSize writes a size in bytes as pg_size_pretty does: "8192 bytes",
// "12 MB", "1.5 GB".
func FormatSize(b int64) string {
	units := []string{"kB", "MB", "GB", "TB", "PB"}
	if b < 10*1024 {
		return fmt.Sprintf("%d bytes", b)
	}
	v := float64(b) / 1024
	u := 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	if v < 10 {
		return strconv.FormatFloat(v, 'f', 1, 64) + " " + units[u]
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + " " + units[u]
}

// ParseSize reads a size as written in configuration: a number of bytes,
// or a number with a unit of kB, MB, GB or TB (1024-based, as PostgreSQL's
// settings; case and a space before the unit do not matter).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	lower := strings.ToLower(t)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}, {"tb", 1 << 40}, {"b", 1}} {
		if strings.HasSuffix(lower, u.suffix) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || v*float64(mult) > 1<<62 {
		return 0, fmt.Errorf("invalid size %q (want bytes, or a number with kB, MB, GB or TB, such as 10MB)", s)
	}
	return int64(v * float64(mult)), nil
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
