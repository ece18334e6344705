// Package pgcluster gives migguard a PostgreSQL database that it may write
// to: either a throwaway cluster started from the local PostgreSQL binaries,
// or a uniquely named scratch database created on a server given by URL.
//
// A throwaway cluster lives in a private temporary directory: initdb
// creates it there, and the postmaster listens only on a Unix socket in that
// directory (listen_addresses=”), so it cannot collide with another server
// or be reached from the network. initdb and postgres refuse to run as root,
// so when migguard runs as root the cluster belongs to the postgres system
// user, which is created when missing. The postmaster is migguard's child
// and receives SIGQUIT if migguard dies; Stop shuts it down and removes the
// directory.
//
// On a server given by URL, CreateDatabase creates a database named
// migguard_scratch_<random> and Drop drops exactly that database. Nothing
// else on that server is written to.
//
// Mask hides passwords in URLs, connection strings and messages.
package pgcluster

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Options configure Start.
type Options struct {
	// BinDir is the directory holding initdb and postgres; "" finds it
	// (FindBinDir).
	BinDir string
	// Password, when set, is the superuser's password and the cluster
	// requires it (scram-sha-256) instead of trusting local connections.
	Password string
	// Settings are extra server settings (name → value), such as
	// "max_connections": "20".
	Settings map[string]string
	// Progress receives one line per step; nil discards them.
	Progress io.Writer
}

// Cluster is a running throwaway PostgreSQL cluster.
type Cluster struct {
	// Dir is the private directory holding the data directory, the server
	// log and the socket.
	Dir string
	// BinDir is where the PostgreSQL programs were found.
	BinDir string
	// Port names the socket (.s.PGSQL.<port>); the server opens no TCP port.
	Port int
	// URL connects to the postgres database as the superuser postgres.
	URL string
	// Owner is the system user that runs the server.
	Owner string

	cmd      *exec.Cmd
	exited   chan struct{}
	waitErr  error
	stopOnce sync.Once
	stopErr  error
}

// FindBinDir returns the directory of the PostgreSQL server programs:
// the one holding initdb on PATH (following symbolic links), else the
// BINDIR that pg_config reports, else the newest /usr/lib/postgresql/*/bin.
// The directory must hold initdb and postgres.
func FindBinDir() (string, error) {
	var tried []string
	ok := func(dir string) bool {
		for _, p := range []string{"initdb", "postgres"} {
			if st, err := os.Stat(filepath.Join(dir, p)); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
				return false
			}
		}
		return true
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if ok(dir) {
			return dir, nil
		}
		tried = append(tried, dir)
	}
	if p, err := exec.LookPath("pg_config"); err == nil {
		out, err := exec.Command(p, "--bindir").Output()
		if dir := strings.TrimSpace(string(out)); err == nil && dir != "" {
			if ok(dir) {
				return dir, nil
			}
			tried = append(tried, dir)
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return majorOf(dirs[i]) > majorOf(dirs[j]) })
	for _, dir := range dirs {
		if ok(dir) {
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

func majorOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// Start creates and starts a throwaway cluster. The context bounds the
// start-up only; the cluster runs until Stop. On error nothing is left
// behind.
func Start(ctx context.Context, o Options) (c *Cluster, err error) {
	progress := o.Progress
	if progress == nil {
		progress = io.Discard
	}
	bin := o.BinDir
	if bin == "" {
		if bin, err = FindBinDir(); err != nil {
			return nil, err
		}
	}
	owner, cred, err := serverUser()
	if err != nil {
		return nil, err
	}
	// Unix socket paths are limited to about 100 bytes.
	base := os.TempDir()
	if len(base) > 60 {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "migguard-pg-")
	if err != nil {
		return nil, fmt.Errorf("creating the cluster directory: %w", err)
	}
	c = &Cluster{Dir: dir, BinDir: bin, Owner: owner, exited: make(chan struct{})}
	defer func() {
		if err != nil {
			c.Stop()
		}
	}()
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, fmt.Errorf("handing %s to user %s: %w", dir, owner, err)
		}
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, err
	}
	data := filepath.Join(dir, "data")
	args := []string{"-D", data, "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"}
	if o.Password != "" {
		pw := filepath.Join(dir, "pwfile")
		if err := os.WriteFile(pw, []byte(o.Password+"\n"), 0o600); err != nil {
			return nil, err
		}
		if cred != nil {
			if err := os.Chown(pw, int(cred.Uid), int(cred.Gid)); err != nil {
				return nil, err
			}
		}
		args = append(args, "-A", "scram-sha-256", "--pwfile", pw)
	} else {
		args = append(args, "-A", "trust")
	}
	fmt.Fprintf(progress, "creating a scratch PostgreSQL cluster in %s (as %s)\n", dir, owner)
	var out bytes.Buffer
	if err := c.run(ctx, cred, &out, "initdb", append(args, "--locale=C.UTF-8")...); err != nil {
		// Some systems lack the C.UTF-8 locale.
		os.RemoveAll(data)
		out.Reset()
		if err := c.run(ctx, cred, &out, "initdb", append(args, "--no-locale")...); err != nil {
			return nil, fmt.Errorf("initdb failed: %v\n%s", err, lastLines(out.String(), 10))
		}
	}
	os.Remove(filepath.Join(dir, "pwfile"))

	c.Port, err = freePort()
	if err != nil {
		return nil, err
	}
	settings := map[string]string{
		"listen_addresses":        "",
		"unix_socket_directories": dir,
		"port":                    strconv.Itoa(c.Port),
		"fsync":                   "off",
		"synchronous_commit":      "off",
		"full_page_writes":        "off",
		"max_connections":         "40",
		"shared_buffers":          "32MB",
		"logging_collector":       "off",
	}
	for k, v := range o.Settings {
		settings[k] = v
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pargs := []string{"-D", data}
	for _, k := range keys {
		pargs = append(pargs, "-c", k+"="+settings[k])
	}
	logf, err := os.OpenFile(filepath.Join(dir, "server.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(filepath.Join(bin, "postgres"), pargs...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: cred,
		// Its own process group keeps a terminal's Ctrl-C away from the
		// server: migguard shuts it down in order.
		Setpgid: true,
		// If migguard dies without stopping it, the server stops at once.
		Pdeathsig: syscall.SIGQUIT,
	}
	cmd.Env = serverEnv()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting postgres: %w", err)
	}
	c.cmd = cmd
	go func() {
		c.waitErr = cmd.Wait()
		close(c.exited)
	}()

	u := url.URL{Scheme: "postgres", User: url.User("postgres"), Path: "/postgres"}
	if o.Password != "" {
		u.User = url.UserPassword("postgres", o.Password)
	}
	q := url.Values{}
	q.Set("host", dir)
	q.Set("port", strconv.Itoa(c.Port))
	q.Set("sslmode", "disable")
	u.RawQuery = q.Encode()
	c.URL = u.String()

	if err := c.waitReady(ctx); err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "scratch cluster ready (socket %s, port %d)\n", dir, c.Port)
	return c, nil
}

// run runs one PostgreSQL program as the cluster's owner.
func (c *Cluster) run(ctx context.Context, cred *syscall.Credential, out io.Writer, prog string, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(c.BinDir, prog), args...)
	cmd.Dir = c.Dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Env = serverEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Setpgid: true, Pdeathsig: syscall.SIGKILL}
	return cmd.Run()
}

// serverEnv is the environment of the server programs: the caller's,
// without settings that would point them elsewhere.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LC_MESSAGES=C")
}

// waitReady polls the socket until the server accepts connections.
func (c *Cluster) waitReady(ctx context.Context) error {
	cfg, err := pgconn.ParseConfig(c.URL)
	if err != nil {
		return err
	}
	cfg.ConnectTimeout = time.Second
	deadline := time.After(30 * time.Second)
	for delay := 5 * time.Millisecond; ; {
		conn, err := pgconn.ConnectConfig(ctx, cfg)
		if err == nil {
			conn.Close(ctx)
			return nil
		}
		select {
		case <-c.exited:
			return fmt.Errorf("postgres exited during start-up (%v); server log:\n%s", c.waitErr, c.LogTail(15))
		case <-ctx.Done():
			return ctx.Err()
		case <-deadline:
			return fmt.Errorf("postgres did not accept connections within 30s: %s; server log:\n%s", Mask(err.Error()), c.LogTail(15))
		case <-time.After(delay):
		}
		if delay < 100*time.Millisecond {
			delay *= 2
		}
	}
}

// LogTail returns the last n lines of the server log.
func (c *Cluster) LogTail(n int) string {
	b, _ := os.ReadFile(filepath.Join(c.Dir, "server.log"))
	return lastLines(string(b), n)
}

// Exited is closed when the server process has exited.
func (c *Cluster) Exited() <-chan struct{} { return c.exited }

// Stop shuts the server down (fast shutdown, then immediate, then kill)
// and removes its directory. It is safe to call more than once.
func (c *Cluster) Stop() error {
	c.stopOnce.Do(func() {
		if c.cmd != nil && c.cmd.Process != nil {
			c.cmd.Process.Signal(syscall.SIGINT) // fast shutdown
			select {
			case <-c.exited:
			case <-time.After(10 * time.Second):
				c.cmd.Process.Signal(syscall.SIGQUIT) // immediate shutdown
				select {
				case <-c.exited:
				case <-time.After(5 * time.Second):
					c.cmd.Process.Kill()
					<-c.exited
				}
			}
		}
		if c.Dir != "" {
			if err := os.RemoveAll(c.Dir); err != nil {
				c.stopErr = fmt.Errorf("removing the scratch cluster %s: %w", c.Dir, err)
			}
		}
	})
	return c.stopErr
}

// serverUser returns the user the server runs as: the current user, or the
// postgres system user (created when missing) when running as root.
func serverUser() (string, *syscall.Credential, error) {
	if os.Geteuid() != 0 {
		u, err := user.Current()
		if err != nil {
			return strconv.Itoa(os.Geteuid()), nil, nil
		}
		return u.Username, nil, nil
	}
	const name = "postgres"
	u, err := user.Lookup(name)
	if err != nil {
		useradd, lerr := exec.LookPath("useradd")
		if lerr != nil {
			return "", nil, fmt.Errorf("PostgreSQL refuses to run as root and there is no %s user to run it as (and no useradd to create one)", name)
		}
		out, cerr := exec.Command(useradd, "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", name).CombinedOutput()
		if cerr != nil {
			return "", nil, fmt.Errorf("creating the %s system user to run PostgreSQL (it refuses to run as root): %v: %s", name, cerr, strings.TrimSpace(string(out)))
		}
		if u, err = user.Lookup(name); err != nil {
			return "", nil, fmt.Errorf("looking up the %s user: %w", name, err)
		}
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return name, &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
}

// freePort returns a TCP port that is free on the loopback interface, so the
// socket name is unlikely to be reused by another cluster.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func lastLines(s string, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
