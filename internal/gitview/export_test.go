package gitview

// SetMaxKeptStaged sets the bound of a kept staged tree's trees for a
// test and returns what restores it.
func SetMaxKeptStaged(n int) (restore func()) {
	old := maxKeptStaged
	maxKeptStaged = n
	return func() { maxKeptStaged = old }
}
