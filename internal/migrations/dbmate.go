package migrations

import (
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// dbmate's markers, from amacneil/dbmate pkg/dbmate/migration.go.
var (
	dbmateUpRx   = lazyre.New(`(?m)^--\s*migrate:up(\s*$|\s+\S+)`)
	dbmateDownRx = lazyre.New(`(?m)^--\s*migrate:down(\s*$|\s+\S+)$`)
)

// parseDbmate follows dbmate: the first `-- migrate:up` line starts the up
// block, which runs to the first `-- migrate:down` line; both are
// required, up first, and only blank and comment lines may precede up.
// The options on the marker line decide the transaction: by default dbmate
// runs the block in a transaction; with transaction:false it sends the
// block as one multi-statement string, which PostgreSQL runs as one
// implicit transaction.
func parseDbmate(f *File) {
	src := f.Src
	problem := func(off int, format string, args ...any) {
		f.Problems = append(f.Problems, Problem{Offset: off, Message: fmt.Sprintf(format, args...)})
	}
	f.Tx, f.TxSource = TxWrapped, "dbmate default: each block runs in a transaction"
	upAt, downAt := -1, -1
	if m := dbmateUpRx.FindStringIndex(src); m != nil {
		upAt = m[0]
	}
	if m := dbmateDownRx.FindStringIndex(src); m != nil {
		downAt = m[0]
	}
	up, down := newPart(src), newPart(src)
	if upAt < 0 {
		msg := "no -- migrate:up marker: dbmate requires an up block"
		if strings.HasPrefix(src, bom+"--") {
			msg += " (the byte order mark at the start of the file hides the marker on line 1 from dbmate)"
		}
		problem(firstText(src), "%s", msg)
		f.Up = up.String()
		if downAt >= 0 {
			down.keep(downAt, len(src))
			f.Down = down.String()
		}
		return
	}
	upEnd := len(src)
	switch {
	case downAt < 0:
		problem(upAt, "no -- migrate:down marker after -- migrate:up on line %d: dbmate requires a down block", lineAt(src, upAt))
	case downAt < upAt:
		problem(downAt, "-- migrate:down on line %d before -- migrate:up on line %d: dbmate rejects the file", lineAt(src, downAt), lineAt(src, upAt))
		down.keep(downAt, upAt)
	default:
		upEnd = downAt
		down.keep(downAt, len(src))
	}
	if downAt < 0 || downAt >= upAt { // dbmate reports the order first
		checkDbmatePreamble(f, upAt)
	}
	up.keep(upAt, upEnd)
	f.Up = up.String()
	if downAt >= 0 {
		f.Down = down.String()
	}
	applyDbmateOptions(f, upAt)
}

// checkDbmatePreamble reports the first statement before the up marker at
// upAt: dbmate allows only blank and comment lines there.
func checkDbmatePreamble(f *File, upAt int) {
	for _, l := range splitLines(f.Src[:upAt]) {
		t := strings.TrimSpace(l.text)
		if l.n == 1 {
			t = strings.TrimSpace(strings.TrimPrefix(l.text, bom))
		}
		if t != "" && !strings.HasPrefix(t, "--") {
			f.Problems = append(f.Problems, Problem{Offset: l.start, Message: fmt.Sprintf(
				"statement on line %d before -- migrate:up: dbmate rejects the file", l.n)})
			return
		}
	}
}

// applyDbmateOptions reads the options on the up marker line at upAt:
// transaction:false makes dbmate send the block as one string.
func applyDbmateOptions(f *File, upAt int) {
	marker := restOfLine(f.Src[upAt:])
	for _, opt := range strings.Fields(marker) {
		if kv := strings.Split(opt, ":"); len(kv) == 2 && kv[0] == "transaction" && kv[1] == "false" {
			f.Tx = TxImplicit
			f.TxSource = fmt.Sprintf("-- migrate:up transaction:false on line %d (the block is sent as one multi-statement string)", lineAt(f.Src, upAt))
		}
	}
}
