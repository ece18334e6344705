package migrations

// parseFlyway reads a Flyway file: an undo file (U<version>__) is all
// down, any other file is all up, and Flyway runs each in a transaction.
func parseFlyway(f *File) {
	f.Tx, f.TxSource = TxWrapped, "flyway default: each migration runs in a transaction"
	if isFlywayUndo(f.Path) {
		f.Up, f.Down = blankAll(f.Src), blankBOM(f.Src)
	} else {
		f.Up = blankBOM(f.Src)
	}
}
