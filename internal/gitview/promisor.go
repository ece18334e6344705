package gitview

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// A partial clone (git clone --filter=blob:none, or tree:0) lacks the
// objects its filter left out, and git fetches each one from the promisor
// remote when a command first needs it. migguard does the same through the
// git command line: `git cat-file --batch-check` with the object's full id
// makes git fetch it into a new pack (it prints only the object's type and
// size, so nothing large passes through a pipe), and the object store
// then opens the new pack and reads the object as any other, its size
// checked from its header before it is inflated. Without git, or when the
// fetch fails (offline, no credentials), the error says which object is
// missing and what to run.

// fetchTimeout bounds one fetch of a missing object, so that a hook never
// hangs on an unreachable remote.
const fetchTimeout = 2 * time.Minute

// lazyFetch fetches the missing objects of a partial clone.
type lazyFetch struct {
	gitDir string
	// tried holds the objects fetched once already (found or not), so
	// that each costs at most one git run.
	tried map[Hash]error
}

// MissingObjectError is an object that a partial clone lacks and that
// could not be fetched.
type MissingObjectError struct {
	ID     Hash
	GitDir string
	// Why is what went wrong: git is not installed, or its message.
	Why string
}

func (e *MissingObjectError) Error() string {
	return fmt.Sprintf("object %s is not in this partial clone (cloned with --filter) and could not be fetched: %s; "+
		"fetch it with `git -C %s cat-file -e %s` and run migguard again, or make the clone complete with "+
		"`git config --unset-all remote.origin.partialclonefilter && git fetch --refetch origin`",
		e.ID, e.Why, shellWord(e.GitDir), e.ID)
}

// Unwrap makes the error an object-not-found error, as go-git's.
func (e *MissingObjectError) Unwrap() error { return plumbing.ErrObjectNotFound }

// fetch asks git to fetch h from the promisor remote. It returns nil when
// git now has the object.
func (l *lazyFetch) fetch(h Hash) error {
	if err, ok := l.tried[h]; ok {
		return err
	}
	err := l.run(h)
	if l.tried == nil {
		l.tried = map[Hash]error{}
	}
	l.tried[h] = err
	return err
}

func (l *lazyFetch) run(h Hash) error {
	fail := func(why string) error { return &MissingObjectError{ID: h, GitDir: l.gitDir, Why: why} }
	gitPath, err := exec.LookPath("git")
	if err != nil {
		return fail("git is not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), fetchTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, gitPath, "--git-dir="+l.gitDir, "cat-file", "--batch-check")
	cmd.Env = gitEnv()
	cmd.Stdin = strings.NewReader(h.String() + "\n")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fail(fmt.Sprintf("git did not finish fetching it within %s", fetchTimeout))
		}
		return fail("git cat-file: " + lastLine(stderr.String(), err.Error()))
	}
	if f := strings.Fields(out.String()); len(f) < 2 || f[1] == "missing" {
		return fail("git could not fetch it: " + lastLine(stderr.String(), "the remote did not send it"))
	}
	return nil
}

// gitEnv is the environment git runs with to fetch: the caller's, without
// the variables that would point it at another repository, index or
// object directory than the one named on its command line, and without
// prompts for credentials, which nobody answers inside a hook.
func gitEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
			"GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX", "GIT_NO_LAZY_FETCH", "GIT_TERMINAL_PROMPT":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GIT_TERMINAL_PROMPT=0")
}

// lastLine returns the last non-empty line of s, or def.
func lastLine(s, def string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if l := strings.TrimSpace(lines[len(lines)-1]); l != "" {
		return l
	}
	return def
}

// shellWord quotes s for a shell command line when it needs it.
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == '+' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
