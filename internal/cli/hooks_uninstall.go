package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/gitview"
)

// runHooksUninstall removes the hooks that migguard wrote, restoring what
// `hooks install -force` kept as <hook>.migguard-backup, and leaves other
// hooks alone.
func runHooksUninstall(e *env, args []string) int {
	fs := flag.NewFlagSet("hooks uninstall", flag.ContinueOnError)
	which := fs.String("hooks", "pre-commit,pre-push", "comma-separated `hooks` to remove")
	fs.Usage = func() { fmt.Fprintln(fs.Output(), hooksUsage); fs.PrintDefaults() }
	rest, code, ok := parseArgs(e, fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		return errorf(e, "hooks uninstall takes no arguments (got %q)", rest[0])
	}
	names, err := hookNames(*which)
	if err != nil {
		return errorf(e, "%v", err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return errorf(e, "%v", err)
	}
	repo, err := gitview.Open(cwd, e.getenv)
	if err != nil {
		return errorf(e, "%v", err)
	}
	dir := repo.HooksDir()
	repo.Close()
	for _, n := range names {
		msg, err := uninstallHook(filepath.Join(dir, n))
		if err != nil {
			return errorf(e, "%v", err)
		}
		fmt.Fprintln(e.stdout, msg)
	}
	return exitcode.Clean
}

// uninstallHook removes one hook if migguard wrote it and puts its backup
// back, and says what it did.
func uninstallHook(p string) (string, error) {
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return "no " + p + ": nothing to remove", nil
	}
	if err != nil {
		return "", err
	}
	if !strings.Contains(string(data), hookMarker) {
		return p + " was not written by migguard: left alone", nil
	}
	if err := os.Remove(p); err != nil {
		return "", err
	}
	backup := p + ".migguard-backup"
	if _, err := os.Lstat(backup); err != nil {
		return "removed " + p, nil
	}
	if err := os.Rename(backup, p); err != nil {
		return "", fmt.Errorf("removed %s, but could not put back %s: %w", p, backup, err)
	}
	return "removed " + p + " and put back the hook it replaced", nil
}
