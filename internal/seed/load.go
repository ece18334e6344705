package seed

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Load runs the user's seed file against the database at url: a pg_dump
// custom-format archive goes through pg_restore (data only, no owners or
// privileges; the tables' triggers fire, since disabling them needs a
// superuser and url logs in as the role the migrations run as), plain SQL
// through psql with ON_ERROR_STOP when psql is installed (so COPY … FROM
// stdin blocks work), else as one multi-statement string over conn.
// binDir, when not "", is searched before PATH.
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
	var cmd *exec.Cmd
	switch {
	case bytes.HasPrefix(data, []byte("PGDMP")):
		prog := find("pg_restore")
		if prog == "" {
			return fmt.Errorf("%s is a pg_dump archive and pg_restore is not installed", path)
		}
		cmd = exec.CommandContext(ctx, prog, "--data-only", "--no-owner", "--no-privileges", "--exit-on-error", "-d", url, path)
	default:
		if prog := find("psql"); prog != "" {
			cmd = exec.CommandContext(ctx, prog, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", path)
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
	cmd.Env = append(os.Environ(), "PGOPTIONS=", "PGCONNECT_TIMEOUT=10")
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("seed file %s: %s: %v\n%s", path, filepath.Base(cmd.Path), err, strings.TrimSpace(out.String()))
	}
	return nil
}

func isExec(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}
