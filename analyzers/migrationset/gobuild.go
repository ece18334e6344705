package migrationset

import (
	"go/token"
	"strings"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

// buildFile assembles the SQL of a Go migration's Exec calls into one
// migration file. In a file run without a transaction, a call with several
// statements is one implicit transaction in PostgreSQL; it is wrapped in
// BEGIN and COMMIT so that the rules see it that way.
//
// Each call's SQL starts on the line of the file whose number is the line
// of its Go literal, when the lines allow, so that rule messages that
// mention "line N" of the migration name the Go line.
//
// SQL that is not known before the program runs becomes a note
// (not-analysed) at its call and an Unread offset, after which tables the
// schema does not know count as new. A function that runs no SQL migguard
// can see, unless it does nothing (empty), gets such a note too rather
// than reading as an empty migration.
func buildFile(fset *token.FileSet, p, version, name string, mode migrations.TxMode, txSource string, up, down []segment, pos token.Pos, empty bool) (*migrations.File, *source) {
	t := &sqlText{}
	line := 1
	var notes []migrations.Problem
	var unread []int
	pad := func(seg segment) {
		target := fset.Position(seg.at0(pos)).Line
		for ; line < target; line++ {
			t.add("\n", nil, seg.at0(pos))
		}
	}
	add := func(s string, at []token.Pos, def token.Pos) {
		t.add(s, at, def)
		line += strings.Count(s, "\n")
	}
	known := 0
	for _, seg := range up {
		if seg.unknown == "" {
			known++
		}
	}
	if mode == migrations.TxNone && known == 1 && len(up) == 1 && len(pgparse.Parse(up[0].val)) > 1 {
		mode = migrations.TxImplicit
		txSource = txSource + "; its one Exec call sends several statements, which PostgreSQL runs as one implicit transaction"
	}
	if len(up) == 0 && !empty {
		up = []segment{{unknown: "no SQL that migguard can read: the function runs its SQL through calls it does not follow, which", at: []token.Pos{pos}, end: pos}}
	}
	for _, seg := range up {
		pad(seg)
		if seg.unknown != "" {
			notes = append(notes, migrations.Problem{Offset: len(t.text), Message: seg.unknown + " is not analysed"})
			unread = append(unread, len(t.text))
			add("\n", nil, seg.at0(pos))
			continue
		}
		wrap := mode == migrations.TxNone && len(pgparse.Parse(seg.val)) > 1
		if wrap {
			add("BEGIN; ", nil, seg.at0(pos))
		}
		add(seg.val, seg.at, pos)
		add("\n;", nil, seg.end)
		if wrap {
			add(" COMMIT;", nil, seg.end)
		}
	}
	upLen := len(t.text)
	for _, seg := range down {
		if seg.unknown != "" {
			continue
		}
		pad(seg)
		add(seg.val, seg.at, pos)
		add("\n;", nil, seg.end)
	}
	t.finish(pos)
	src := t.text
	f := &migrations.File{Path: p, Version: version, Name: name, Src: src, Tx: mode, TxSource: txSource, Notes: notes, Unread: unread}
	f.Up = src[:upLen] + blank(src[upLen:])
	if len(down) > 0 {
		f.Down = blank(src[:upLen]) + src[upLen:]
	}
	return f, &source{text: t, file: f}
}

func (s segment) at0(def token.Pos) token.Pos {
	if len(s.at) > 0 {
		return s.at[0]
	}
	return def
}

// blank replaces every byte but line ends with a space, keeping offsets.
func blank(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c != '\n' && c != '\r' {
			b[i] = ' '
		}
	}
	return string(b)
}

// mergeGoose adds the Go migrations to the package's embedded goose set in
// the package directory, where goose reads both, or keeps them as their
// own set.
func mergeGoose(embedded []*Set, goose *Set) []*Set {
	if goose == nil {
		return embedded
	}
	for _, s := range embedded {
		if s.Set.Format == migrations.Goose && s.Set.Dir == "." {
			mergeInto(s, goose)
			return embedded
		}
	}
	return append(embedded, goose)
}

// mergeInto adds the files of src to dst, in version order.
func mergeInto(dst, src *Set) {
	dst.Set.Files = append(dst.Set.Files, src.Set.Files...)
	sortByVersion(dst.Set.Files)
	for k, v := range src.sources {
		dst.sources[k] = v
	}
	dst.Origin += " and " + src.Origin
}
