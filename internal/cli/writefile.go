package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The files init and hooks install write are never written through a
// symbolic link: a dangling .migguard.yaml link would create a file
// outside the repository, and a hook linked to a shared script would
// overwrite that script for every repository that uses it. A link is
// refused with what it points to; hooks install -force replaces the link
// itself, keeping it as <hook>.migguard-backup as it keeps a foreign hook.

// linkTarget returns what p links to, and ok false when p is not a
// symbolic link (or does not exist).
func linkTarget(p string) (target string, ok bool) {
	st, err := os.Lstat(p)
	if err != nil || st.Mode()&fs.ModeSymlink == 0 {
		return "", false
	}
	target, err = os.Readlink(p)
	if err != nil {
		target = "?"
	}
	return target, true
}

// replaceFile writes data to p with mode perm by renaming a new file of
// the same directory over it, so that whatever p is at that moment (a
// file, or a symbolic link created meanwhile) is replaced, never written
// through.
func replaceFile(p string, data []byte, perm fs.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", p, err)
	}
	return nil
}
