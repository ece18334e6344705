package apply

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteText prints the report for people: each new file with its
// statements (duration, locks, rewrites), failures with PostgreSQL's
// message at file:line and the rule and recipe that prevent them, and the
// round trip.
func WriteText(w io.Writer, rep *Report) {
	fmt.Fprintf(w, "PostgreSQL %s: %s applied", rep.Server, count(rep.BaseFiles, "base migration"))
	switch {
	case rep.SeedFile != "":
		fmt.Fprintf(w, ", seed file %s loaded", rep.SeedFile)
	case rep.Seed != nil:
		fmt.Fprintf(w, ", %s seeded into %s", count(int(rep.Seed.Rows), "row"), count(len(rep.Seed.Tables), "table"))
	}
	fmt.Fprintln(w)
	for _, f := range rep.Files {
		writeFile(w, f)
	}
	for _, rt := range rep.RoundTrip {
		switch {
		case rt.NoDown:
			fmt.Fprintf(w, "\nround trip %s: no down migration, round trip stops here\n", rt.Path)
			continue
		case rt.Down != nil && rt.Down.Failed():
			fmt.Fprintf(w, "\nround trip %s: the down migration fails\n", rt.Path)
			writeFile(w, rt.Down)
			continue
		}
		if len(rt.DownDiff) > 0 {
			fmt.Fprintf(w, "\nround trip %s: the down migration leaves the schema different from before the up migration:\n", rt.Path)
			for _, l := range rt.DownDiff {
				fmt.Fprintf(w, "    %s\n", l)
			}
		}
		if rt.Up != nil && rt.Up.Failed() {
			fmt.Fprintf(w, "\nround trip %s: applying the migration again after its down migration fails\n", rt.Path)
			writeFile(w, rt.Up)
		}
		if len(rt.UpDiff) > 0 {
			fmt.Fprintf(w, "\nround trip: after down and up again the schema differs from after the first up:\n")
			for _, l := range rt.UpDiff {
				fmt.Fprintf(w, "    %s\n", l)
			}
		}
		if !rt.Failed() {
			fmt.Fprintf(w, "round trip %s: down and up again restore the schema\n", rt.Path)
		}
	}
	writePredictions(w, rep)
	failed := 0
	for _, f := range rep.Files {
		if f.Failed() {
			failed++
		}
	}
	switch {
	case rep.Failed() && failed > 0:
		fmt.Fprintf(w, "\n%d of %s failed on a database holding data\n", failed, count(len(rep.Files), "new migration"))
	case rep.Failed():
		fmt.Fprintf(w, "\nthe round trip failed\n")
	default:
		if len(rep.Files) == 1 {
			fmt.Fprintf(w, "\nthe new migration applied in %s\n", rep.Duration.Round(time.Millisecond))
		} else {
			fmt.Fprintf(w, "\nall %d new migrations applied in %s\n", len(rep.Files), rep.Duration.Round(time.Millisecond))
		}
	}
}

func writeFile(w io.Writer, f *FileResult) {
	if f.NotRun {
		fmt.Fprintf(w, "\n%s: not run (an earlier migration failed)\n", f.Path)
		return
	}
	fmt.Fprintf(w, "\n%s (%s)\n", f.Path, f.Tx)
	for _, s := range f.Statements {
		status := "ok"
		if s.Error != nil {
			status = "FAILED"
		}
		fmt.Fprintf(w, "  %s:%d  %-6s %8s  %s\n", s.Path, s.Line, status, fmtDur(s.Duration), s.Text)
		if len(s.Locks) > 0 {
			var ls []string
			for _, l := range s.Locks {
				ls = append(ls, l.String())
			}
			fmt.Fprintf(w, "      locks: %s\n", strings.Join(ls, ", "))
		}
		for _, wk := range s.Work {
			fmt.Fprintf(w, "      work: %s\n", wk)
		}
		for _, rw := range s.Rewrites {
			fmt.Fprintf(w, "      rewrote %s %s\n", rw.Kind, rw.Relation)
		}
		for _, p := range s.Predictions {
			fmt.Fprintf(w, "      lint: %s\n", p)
		}
		if e := s.Error; e != nil {
			if e.Code == "" {
				fmt.Fprintf(w, "  %s:%d:%d: error: %s\n", s.Path, e.Line, e.Col, e.Message)
			} else {
				fmt.Fprintf(w, "  %s:%d:%d: error: %s (SQLSTATE %s)\n", s.Path, e.Line, e.Col, e.Message, e.Code)
			}
			if e.Detail != "" {
				fmt.Fprintf(w, "      detail: %s\n", e.Detail)
			}
			if e.Hint != "" {
				fmt.Fprintf(w, "      hint: %s\n", e.Hint)
			}
			if e.Waiting != nil {
				fmt.Fprintf(w, "      waited for %s until lock_timeout\n", e.Waiting)
				for _, b := range e.Blockers {
					fmt.Fprintf(w, "      held by pid %d (%s; application %q, %s): %s\n", b.PID, b.Modes, b.Application, b.State, shorten(b.Query))
				}
			}
			if e.Data != "" {
				fmt.Fprintf(w, "      data: %s\n", e.Data)
			}
			if e.Note != "" {
				fmt.Fprintf(w, "      note: %s\n", e.Note)
			}
			if e.Rule != "" {
				fmt.Fprintf(w, "      rule %s: %s\n      see %s\n", e.Rule, e.Help, e.URL)
			}
		}
	}
	for _, n := range f.Untranslated {
		fmt.Fprintf(w, "  %s:%d  NOT APPLIED  %s\n", f.Path, n.Line, n.Message)
	}
	if len(f.Untranslated) > 0 {
		fmt.Fprintf(w, "  %d part(s) of %s were not translated to SQL and not applied: check them by hand, or prove the file with --runner\n",
			len(f.Untranslated), f.Path)
	}
}

// writePredictions sums up how lint's predictions fared.
func writePredictions(w io.Writer, rep *Report) {
	n := map[string]int{}
	for _, f := range rep.Files {
		for _, s := range f.Statements {
			for _, p := range s.Predictions {
				n[p.Verdict]++
			}
		}
	}
	if len(n) == 0 {
		return
	}
	fmt.Fprintf(w, "\nlint's predictions of locks and rewrites: %d confirmed", n[Confirmed])
	if n[Mismatch] > 0 {
		fmt.Fprintf(w, ", %d contradicted by PostgreSQL (the MISMATCH lines)", n[Mismatch])
	}
	if n[Unobserved] > 0 {
		fmt.Fprintf(w, ", %d not observed", n[Unobserved])
	}
	fmt.Fprintln(w)
}

func fmtDur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
	}
	return d.Round(10 * time.Millisecond).String()
}

// WriteJSON writes the report as one JSON object. Durations are in
// milliseconds.
func WriteJSON(w io.Writer, rep *Report) error {
	type stmt struct {
		Path       string       `json:"path"`
		Line       int          `json:"line"`
		Column     int          `json:"column"`
		Text       string       `json:"text"`
		DurationMS float64      `json:"duration_ms"`
		InTx       bool         `json:"in_transaction"`
		Locks      []Lock       `json:"locks"`
		Rewrites   []Rewrite    `json:"rewrites"`
		Work       []Work       `json:"work"`
		Predicted  []Prediction `json:"predictions"`
		Rows       int64        `json:"rows"`
		Error      *Error       `json:"error"`
	}
	type file struct {
		Path         string `json:"path"`
		Tx           string `json:"transaction"`
		NotRun       bool   `json:"not_run"`
		Failed       bool   `json:"failed"`
		Statements   []stmt `json:"statements"`
		Untranslated []Note `json:"untranslated"`
	}
	conv := func(f *FileResult) *file {
		if f == nil {
			return nil
		}
		out := &file{Path: f.Path, Tx: f.Tx, NotRun: f.NotRun, Failed: f.Failed(), Statements: []stmt{}, Untranslated: nonNil(f.Untranslated)}
		for _, s := range f.Statements {
			out.Statements = append(out.Statements, stmt{s.Path, s.Line, s.Col, s.Text, float64(s.Duration.Microseconds()) / 1000, s.InTx, nonNil(s.Locks), nonNil(s.Rewrites), nonNil(s.Work), nonNil(s.Predictions), s.Rows, s.Error})
		}
		return out
	}
	type rt struct {
		Path     string   `json:"path"`
		NoDown   bool     `json:"no_down"`
		Failed   bool     `json:"failed"`
		Down     *file    `json:"down"`
		DownDiff []string `json:"down_diff"`
		Up       *file    `json:"up"`
		UpDiff   []string `json:"up_diff"`
	}
	out := struct {
		Server    string  `json:"server_version"`
		BaseFiles int     `json:"base_files"`
		SeedRows  int     `json:"seed_rows"`
		SeedFile  string  `json:"seed_file"`
		Failed    bool    `json:"failed"`
		Files     []*file `json:"files"`
		RoundTrip []rt    `json:"round_trip"`
	}{Server: rep.Server, BaseFiles: rep.BaseFiles, SeedFile: rep.SeedFile, Failed: rep.Failed(), Files: []*file{}, RoundTrip: []rt{}}
	if rep.Seed != nil {
		out.SeedRows = rep.Seed.Rows
	}
	for _, f := range rep.Files {
		out.Files = append(out.Files, conv(f))
	}
	for _, x := range rep.RoundTrip {
		out.RoundTrip = append(out.RoundTrip, rt{x.Path, x.NoDown, x.Failed(), conv(x.Down), nonNil(x.DownDiff), conv(x.Up), nonNil(x.UpDiff)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// count writes n and a noun, in the plural unless n is 1: "1 table",
// "3 tables".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
