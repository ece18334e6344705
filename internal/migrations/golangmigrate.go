package migrations

import "strings"

// parseGolangMigrate reads a golang-migrate file: the file name says the
// direction, and golang-migrate sends the whole file as one multi-statement
// string, which PostgreSQL runs as one implicit transaction.
func parseGolangMigrate(f *File) {
	f.Tx, f.TxSource = TxImplicit, "golang-migrate default: the file is sent as one multi-statement string"
	splitByName(f)
}

// splitByName sets the parts of a file whose name says its direction
// (golang-migrate's and pop's .up.sql and .down.sql): all of a .down.sql
// file is its down part, all of any other its up part.
func splitByName(f *File) {
	if strings.HasSuffix(f.Path, ".down.sql") {
		f.Up, f.Down = blankAll(f.Src), blankBOM(f.Src)
	} else {
		f.Up = blankBOM(f.Src)
	}
}
