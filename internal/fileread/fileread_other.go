//go:build !linux

package fileread

import (
	"io"
	"os"
)

func regular(path string, size int64) ([]byte, bool) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, false
	}
	data := make([]byte, size+1)
	n, err := io.ReadFull(f, data)
	if err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, false // an error, or it grew since the Stat
	}
	return data[:n], true
}

func upTo(path string, limit int64) ([]byte, int64, bool) {
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() {
		return nil, 0, false
	}
	if st.Size() > limit {
		return nil, st.Size(), true
	}
	data, ok := regular(path, st.Size())
	return data, st.Size(), ok
}
