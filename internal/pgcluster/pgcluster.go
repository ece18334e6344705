// Package pgcluster gives migguard a PostgreSQL database that it may write
// to, and a role to run untrusted migrations as: either a throwaway cluster
// started from the local PostgreSQL binaries, or a server given by URL.
//
// A throwaway cluster lives in a private temporary directory: initdb
// creates it there, and the postmaster listens only on a Unix socket in that
// directory (listen_addresses=”), so it cannot collide with another server
// or be reached from the network. initdb and postgres refuse to run as root,
// so when migguard runs as root the cluster belongs to the postgres system
// user, which is created when missing. The postmaster is migguard's child
// and receives SIGQUIT if migguard dies; Stop shuts it down and removes the
// directory. Start cleans up after itself on every failure, and SweepDirs
// removes the directories that a killed migguard left behind.
//
// On a server (the throwaway cluster's, or one given by URL),
// CreateDatabase creates a database named migguard_scratch_<time>_<random>
// owned by a new role of the same name, which is not a superuser and may
// not create databases or roles: migrations run as that role, so they can
// touch nothing but the scratch database. Drop drops exactly that database
// and role. CreateDatabase refuses a server URL whose role is a superuser or
// owns other databases, or cannot create the confined role, unless the
// caller accepts the risk (ScratchOptions).
//
// Mask hides passwords in URLs, connection strings and messages.
package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
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
	// ReadyTimeout bounds the wait for the server to accept connections
	// (default 30s).
	ReadyTimeout time.Duration
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

	cred     *syscall.Credential
	cmd      *exec.Cmd
	exited   chan struct{}
	waitErr  error
	stopOnce sync.Once
	stopErr  error
}

// Start creates and starts a throwaway cluster. The context bounds the
// start-up only; the cluster runs until Stop. On error nothing is left
// behind: no directory and no process, and the error carries the cause
// (initdb's output, the server log).
func Start(ctx context.Context, o Options) (*Cluster, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	bin, err := resolveBinDir(o.BinDir)
	if err != nil {
		return nil, err
	}
	owner, cred, err := serverUser()
	if err != nil {
		return nil, err
	}
	c, err := newCluster(bin, owner, cred)
	if err != nil {
		return nil, err
	}
	if err := c.start(ctx, o); err != nil {
		if ctx.Err() != nil {
			// Interrupted: say so rather than how initdb or the wait
			// happened to end.
			err = ctx.Err()
		}
		return nil, errors.Join(err, c.Stop())
	}
	return c, nil
}

// newCluster makes the cluster's private directory, owned by the server's
// user and marked with migguard's PID for SweepDirs.
func newCluster(bin, owner string, cred *syscall.Credential) (*Cluster, error) {
	dir, err := os.MkdirTemp(clusterBase(), DirPrefix)
	if err != nil {
		return nil, fmt.Errorf("creating the cluster directory: %w", err)
	}
	c := &Cluster{Dir: dir, BinDir: bin, Owner: owner, cred: cred, exited: make(chan struct{})}
	fail := func(err error) (*Cluster, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerPIDFile), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		return fail(fmt.Errorf("creating the cluster directory: %w", err))
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return fail(fmt.Errorf("handing %s to user %s: %w", dir, owner, err))
		}
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fail(err)
	}
	return c, nil
}

// start runs initdb, launches the postmaster and waits until it accepts
// connections.
func (c *Cluster) start(ctx context.Context, o Options) error {
	progress := o.Progress
	if progress == nil {
		progress = io.Discard
	}
	fmt.Fprintf(progress, "creating a scratch PostgreSQL cluster in %s (as %s)\n", c.Dir, c.Owner)
	if err := c.initdb(ctx, o.Password); err != nil {
		return err
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	c.Port = port
	c.URL = c.superuserURL(o.Password)
	if err := c.launch(o.Settings); err != nil {
		return err
	}
	timeout := o.ReadyTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	if err := c.waitReady(ctx, timeout); err != nil {
		return err
	}
	fmt.Fprintf(progress, "scratch cluster ready (socket %s, port %d)\n", c.Dir, c.Port)
	return nil
}

// initdb creates the data directory, in the C.UTF-8 locale where the
// system has it.
func (c *Cluster) initdb(ctx context.Context, password string) error {
	data := filepath.Join(c.Dir, "data")
	args := []string{"-D", data, "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"}
	if password != "" {
		pw := filepath.Join(c.Dir, "pwfile")
		defer os.Remove(pw)
		if err := os.WriteFile(pw, []byte(password+"\n"), 0o600); err != nil {
			return err
		}
		if c.cred != nil {
			if err := os.Chown(pw, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
				return err
			}
		}
		args = append(args, "-A", "scram-sha-256", "--pwfile", pw)
	} else {
		args = append(args, "-A", "trust")
	}
	var out bytes.Buffer
	if err := c.run(ctx, &out, "initdb", append(args, "--locale=C.UTF-8")...); err == nil || ctx.Err() != nil {
		return ctx.Err()
	}
	// Some systems lack the C.UTF-8 locale.
	os.RemoveAll(data)
	out.Reset()
	if err := c.run(ctx, &out, "initdb", append(args, "--no-locale")...); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("initdb (%s) failed: %v\n%s", filepath.Join(c.BinDir, "initdb"), err, lastLines(out.String(), 15))
	}
	return nil
}

// run runs one PostgreSQL program as the cluster's owner. Cancelling ctx
// kills its whole process group: initdb starts postgres processes of its
// own.
func (c *Cluster) run(ctx context.Context, out io.Writer, prog string, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(c.BinDir, prog), args...)
	cmd.Dir = c.Dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Env = serverEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred, Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	return cmd.Run()
}

// launch starts the postmaster with the cluster's settings, its output
// going to server.log.
func (c *Cluster) launch(extra map[string]string) error {
	settings := map[string]string{
		"listen_addresses":        "",
		"unix_socket_directories": c.Dir,
		"port":                    strconv.Itoa(c.Port),
		"fsync":                   "off",
		"synchronous_commit":      "off",
		"full_page_writes":        "off",
		"max_connections":         "40",
		"shared_buffers":          "32MB",
		"logging_collector":       "off",
	}
	for k, v := range extra {
		settings[k] = v
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	args := []string{"-D", filepath.Join(c.Dir, "data")}
	for _, k := range keys {
		args = append(args, "-c", k+"="+settings[k])
	}
	logf, err := os.OpenFile(filepath.Join(c.Dir, "server.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(filepath.Join(c.BinDir, "postgres"), args...)
	cmd.Dir = c.Dir
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: c.cred,
		// Its own process group keeps a terminal's Ctrl-C away from the
		// server: migguard shuts it down in order.
		Setpgid: true,
		// If migguard dies without stopping it, the server stops at once.
		Pdeathsig: syscall.SIGQUIT,
	}
	cmd.Env = serverEnv()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting postgres: %w", err)
	}
	c.cmd = cmd
	go func() {
		c.waitErr = cmd.Wait()
		close(c.exited)
	}()
	return nil
}

// superuserURL is the URL of the postgres database as the superuser, over
// the cluster's socket.
func (c *Cluster) superuserURL(password string) string {
	u := url.URL{Scheme: "postgres", User: url.User("postgres"), Path: "/postgres"}
	if password != "" {
		u.User = url.UserPassword("postgres", password)
	}
	q := url.Values{}
	q.Set("host", c.Dir)
	q.Set("port", strconv.Itoa(c.Port))
	q.Set("sslmode", "disable")
	u.RawQuery = q.Encode()
	return u.String()
}

// waitReady polls the socket until the server accepts connections, the
// server exits, timeout passes or ctx ends.
func (c *Cluster) waitReady(ctx context.Context, timeout time.Duration) error {
	cfg, err := pgconn.ParseConfig(c.URL)
	if err != nil {
		return err
	}
	cfg.ConnectTimeout = time.Second
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
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
		case <-deadline.C:
			return fmt.Errorf("postgres did not accept connections within %s: %s; server log:\n%s", timeout, Mask(unwrapAll(err).Error()), c.LogTail(15))
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
// and removes its directory. It is safe to call more than once, and on a
// cluster whose start failed half-way.
func (c *Cluster) Stop() error {
	if c == nil {
		return nil
	}
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
