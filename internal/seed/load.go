package seed

import (
	"bytes"
	"context"
	"fmt"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/migguard/migguard/internal/lazyre"
)

// Load runs the user's seed file against the database at url: a pg_dump
// custom-format archive goes through pg_restore (data only, no owners or
// privileges; the tables' triggers fire, since disabling them needs a
// superuser and url logs in as the role the migrations run as), plain SQL
// through psql with ON_ERROR_STOP when psql is installed (so COPY … FROM
// stdin blocks work), else as one multi-statement string over conn.
// binDir, when not "", is searched before PATH. psql and pg_restore get the
// password of url in a password file that only this user can read and
// that is removed afterwards (see passwordFile), never on their command
// line, which ps shows every user of the machine.
func Load(ctx context.Context, conn *pgx.Conn, url, path, binDir string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("seed file: %w", err)
	}
	find := func(name string) string {
		if binDir != "" {
			if p := filepath.Join(binDir, name); isExec(p) {
				return p
			}
		}
		p, _ := exec.LookPath(name)
		return p
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("seed file %s: the database URL: %w", path, err)
	}
	dsn := withoutPassword(url)
	var cmd *exec.Cmd
	switch {
	case bytes.HasPrefix(data, []byte("PGDMP")):
		prog := find("pg_restore")
		if prog == "" {
			return fmt.Errorf("%s is a pg_dump archive and pg_restore is not installed", path)
		}
		cmd = exec.CommandContext(ctx, prog, "--data-only", "--no-owner", "--no-privileges", "--exit-on-error", "-d", dsn, path)
	default:
		if prog := find("psql"); prog != "" {
			cmd = exec.CommandContext(ctx, prog, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-f", path)
			break
		}
		if bytes.Contains(data, []byte("FROM stdin;")) {
			return fmt.Errorf("%s holds COPY … FROM stdin blocks, which need psql; install the PostgreSQL client", path)
		}
		if _, err := conn.Exec(ctx, string(data)); err != nil {
			return fmt.Errorf("seed file %s: %w", path, err)
		}
		return nil
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	env, cleanup, err := clientEnv(cfg.Password)
	if err != nil {
		return fmt.Errorf("seed file %s: %w", path, err)
	}
	defer cleanup()
	cmd.Env = env
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("seed file %s: %s: %v\n%s", path, filepath.Base(cmd.Path), err, strings.TrimSpace(out.String()))
	}
	return nil
}

func isExec(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// clientEnv returns the environment psql and pg_restore run with: this
// process's, without the password settings of the caller's environment,
// with PGPASSFILE naming a password file that holds password, and without
// PGOPTIONS (settings the migrations' role may not make). cleanup removes
// the file.
func clientEnv(password string) (env []string, cleanup func(), err error) {
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k != "PGPASSWORD" && k != "PGPASSFILE" && k != "PGOPTIONS" {
			env = append(env, kv)
		}
	}
	env = append(env, "PGOPTIONS=", "PGCONNECT_TIMEOUT=10")
	if password == "" {
		return env, func() {}, nil
	}
	if strings.ContainsAny(password, "\r\n") {
		// A password file holds one password a line; the environment is
		// the way left, readable by this user only on Linux.
		return append(env, "PGPASSWORD="+password), func() {}, nil
	}
	file, cleanup, err := passwordFile(password)
	if err != nil {
		return nil, nil, err
	}
	return append(env, "PGPASSFILE="+file), cleanup, nil
}

// passwordFile writes a libpq password file (mode 0600, in a directory of
// mode 0700) whose one line gives password for every server, database and
// user: the connection string names them.
func passwordFile(password string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "migguard-pgpass-")
	if err != nil {
		return "", nil, fmt.Errorf("writing a password file for psql: %w", err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	esc := strings.NewReplacer(`\`, `\\`, `:`, `\:`).Replace(password)
	file := filepath.Join(dir, "pgpass")
	if err := os.WriteFile(file, []byte("*:*:*:*:"+esc+"\n"), 0o600); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("writing a password file for psql: %w", err)
	}
	return file, cleanup, nil
}

// kvPassword is a password=value pair of a key=value connection string.
var kvPassword = lazyre.New(`(?i)\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+)`)

// withoutPassword returns the connection string s (a postgres:// URL or
// key=value pairs) without its password.
func withoutPassword(s string) string {
	if strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://") {
		if u, err := neturl.Parse(s); err == nil {
			if u.User != nil {
				u.User = neturl.User(u.User.Username())
			}
			q := u.Query()
			if q.Has("password") {
				q.Del("password")
				u.RawQuery = q.Encode()
			}
			return u.String()
		}
	}
	return kvPassword.ReplaceAllString(s, "")
}
