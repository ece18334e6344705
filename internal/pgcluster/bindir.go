package pgcluster

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// serverPrograms are the programs Start runs from the bin directory.
var serverPrograms = []string{"initdb", "postgres"}

// FindBinDir returns the directory of the PostgreSQL server programs:
// the one holding initdb on PATH (following symbolic links), else the
// BINDIR that pg_config reports, else the newest /usr/lib/postgresql/*/bin.
// The directory must hold initdb and postgres.
func FindBinDir() (string, error) {
	var tried []string
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if checkBinDir(dir) == nil {
			return dir, nil
		}
		tried = append(tried, dir)
	}
	if p, err := exec.LookPath("pg_config"); err == nil {
		out, err := exec.Command(p, "--bindir").Output()
		if dir := strings.TrimSpace(string(out)); err == nil && dir != "" {
			if checkBinDir(dir) == nil {
				return dir, nil
			}
			tried = append(tried, dir)
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return majorOf(dirs[i]) > majorOf(dirs[j]) })
	for _, dir := range dirs {
		if checkBinDir(dir) == nil {
			return dir, nil
		}
		tried = append(tried, dir)
	}
	msg := "no PostgreSQL server programs (initdb, postgres) found on PATH, through pg_config, or in /usr/lib/postgresql/*/bin"
	if len(tried) > 0 {
		msg += " (looked in " + strings.Join(tried, ", ") + ")"
	}
	return "", errors.New(msg + "; install PostgreSQL (Debian: apt-get install postgresql) or pass --database-url")
}

// resolveBinDir returns dir when it holds the server programs, or finds one when
// dir is "".
func resolveBinDir(dir string) (string, error) {
	if dir == "" {
		return FindBinDir()
	}
	if err := checkBinDir(dir); err != nil {
		return "", err
	}
	return dir, nil
}

// checkBinDir reports which server program dir lacks, so that a wrong
// --pg-bin is named before anything is created.
func checkBinDir(dir string) error {
	for _, p := range serverPrograms {
		path := filepath.Join(dir, p)
		st, err := os.Stat(path)
		switch {
		case err != nil:
			return fmt.Errorf("%s is not a PostgreSQL bin directory: %v", dir, unwrapPath(err))
		case st.IsDir() || st.Mode()&0o111 == 0:
			return fmt.Errorf("%s is not a PostgreSQL bin directory: %s is not an executable program", dir, path)
		}
	}
	return nil
}

// unwrapPath keeps the path and the cause of a *fs.PathError without the
// operation name.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}

func majorOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}
