package apply

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/migguard/migguard/internal/pgcluster"
	"github.com/migguard/migguard/internal/seed"
)

// CommandOptions configure RunCommand.
type CommandOptions struct {
	// Command is the project's migration command, run with sh -c, such as
	// "alembic upgrade head".
	Command string
	// BaseCommand, when set, runs first to build the base schema (such as
	// "alembic upgrade <base revision>"); the seed goes in after it.
	BaseCommand string
	// Env is the environment variable that receives the scratch database
	// URL (default DATABASE_URL).
	Env string
	// Dir is the command's working directory.
	Dir string

	Rows     int
	SeedFile string
	BinDir   string

	// Output receives the commands' output as it comes; nil discards it.
	Output   io.Writer
	Progress io.Writer
}

// Event is one thing the event triggers saw.
type Event struct {
	Kind     string `json:"kind"` // ddl, rewrite, drop
	Tag      string `json:"command"`
	Object   string `json:"object_type"`
	Identity string `json:"identity"`
	Detail   string `json:"detail"` // rewrite reason
}

// CommandReport is what RunCommand found.
type CommandReport struct {
	Command  string
	Server   string
	Seed     *seed.Result
	Events   []Event
	ExitCode int    // the command's exit status
	Output   string // the last lines of its output
	Duration time.Duration
}

// Failed reports whether the command failed.
func (r *CommandReport) Failed() bool { return r.ExitCode != 0 }

// observeSQL creates the table and functions that record what the
// command does. Event trigger functions run as the role whose statement
// fired them, so the role is granted INSERT on the table (observeGrants).
const observeSQL = `
CREATE SCHEMA ` + observeSchema + `;
CREATE TABLE ` + observeSchema + `.events (
	id bigserial PRIMARY KEY, kind text, tag text, object_type text, identity text, detail text);
CREATE FUNCTION ` + observeSchema + `.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $f$
DECLARE r record;
BEGIN
	FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
		IF r.schema_name IS DISTINCT FROM '` + observeSchema + `' THEN
			INSERT INTO ` + observeSchema + `.events (kind, tag, object_type, identity)
			VALUES ('ddl', r.command_tag, r.object_type, r.object_identity);
		END IF;
	END LOOP;
END $f$;
CREATE FUNCTION ` + observeSchema + `.on_rewrite() RETURNS event_trigger LANGUAGE plpgsql AS $f$
BEGIN
	INSERT INTO ` + observeSchema + `.events (kind, tag, object_type, identity, detail)
	VALUES ('rewrite', tg_tag, 'table', (SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = pg_event_trigger_table_rewrite_oid()),
		CASE pg_event_trigger_table_rewrite_reason() & 7
			WHEN 1 THEN 'persistence changed' WHEN 2 THEN 'column default' WHEN 4 THEN 'column type changed'
			ELSE 'reason ' || pg_event_trigger_table_rewrite_reason() END);
END $f$;
CREATE FUNCTION ` + observeSchema + `.on_drop() RETURNS event_trigger LANGUAGE plpgsql AS $f$
DECLARE r record;
BEGIN
	FOR r IN SELECT * FROM pg_event_trigger_dropped_objects() WHERE original LOOP
		IF r.schema_name IS DISTINCT FROM '` + observeSchema + `' THEN
			INSERT INTO ` + observeSchema + `.events (kind, tag, object_type, identity)
			VALUES ('drop', tg_tag, r.object_type, r.object_identity);
		END IF;
	END LOOP;
END $f$;
`

// observeTriggers turns the observation on; it runs after the role is
// granted what it needs, so that the GRANT is not observed.
const observeTriggers = `
CREATE EVENT TRIGGER migguard_ddl ON ddl_command_end EXECUTE FUNCTION ` + observeSchema + `.on_ddl();
CREATE EVENT TRIGGER migguard_rewrite ON table_rewrite EXECUTE FUNCTION ` + observeSchema + `.on_rewrite();
CREATE EVENT TRIGGER migguard_drop ON sql_drop EXECUTE FUNCTION ` + observeSchema + `.on_drop();
`

// RunCommand runs the project's migration command against the scratch
// database of t (which migguard created) and reports what the event
// triggers saw. The command gets t.URL, the confined role's URL, so the
// SQL it sends runs with that role's privileges; the command itself runs
// on this machine with the caller's, as trusted as the repository it comes
// from. The error is an environment failure; the command failing is
// recorded in the report. DDL of a transaction that the command rolled
// back is not seen: event triggers write in the command's own transaction.
func RunCommand(ctx context.Context, t Target, o CommandOptions) (*CommandReport, error) {
	start := time.Now()
	if o.Env == "" {
		o.Env = "DATABASE_URL"
	}
	r, err := connect(ctx, t, o.Progress)
	if err != nil {
		return nil, err
	}
	defer r.close(ctx)
	rep := &CommandReport{Command: o.Command, Server: r.conn.PgConn().ParameterStatus("server_version")}
	if o.BaseCommand != "" {
		fmt.Fprintf(r.progress, "running the base command: %s\n", o.BaseCommand)
		code, out, err := runShell(ctx, o.BaseCommand, o.Dir, o.Env, t.URL, o.Output)
		if err != nil {
			return nil, err
		}
		if code != 0 {
			return nil, &EnvError{Msg: fmt.Sprintf("the base command %q exited with status %d, so the migrations cannot be tried:\n%s", o.BaseCommand, code, out)}
		}
	}
	var seedRep Report
	if err := r.seed(ctx, t.URL, Options{Rows: o.Rows, SeedFile: o.SeedFile, BinDir: o.BinDir}, &seedRep); err != nil {
		return nil, err
	}
	rep.Seed = seedRep.Seed
	if err := r.observe(ctx); err != nil {
		return nil, err
	}
	fmt.Fprintf(r.progress, "running: %s (%s set to the scratch database)\n", o.Command, o.Env)
	code, out, err := runShell(ctx, o.Command, o.Dir, o.Env, t.URL, o.Output)
	if err != nil {
		return nil, err
	}
	rep.ExitCode, rep.Output = code, out
	if rep.Events, err = r.events(ctx); err != nil {
		return nil, err
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// observe installs the event triggers, from the privileged connection.
func (r *runner) observe(ctx context.Context) error {
	role := pgx.Identifier{r.role}.Sanitize()
	grants := "GRANT USAGE ON SCHEMA " + observeSchema + " TO " + role + "; GRANT INSERT ON " + observeSchema + ".events TO " + role +
		"; GRANT USAGE ON SEQUENCE " + observeSchema + ".events_id_seq TO " + role
	if _, err := r.obs.Exec(ctx, observeSQL+";"+grants+";"+observeTriggers); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &EnvError{Msg: "installing the event triggers that observe the command (they need a superuser)", Err: err}
	}
	return nil
}

// events reads what the event triggers recorded.
func (r *runner) events(ctx context.Context) ([]Event, error) {
	rows, err := r.obs.Query(ctx, "SELECT kind, coalesce(tag, ''), coalesce(object_type, ''), coalesce(identity, ''), coalesce(detail, '') FROM "+observeSchema+".events ORDER BY id")
	if err != nil {
		return nil, &EnvError{Msg: "reading the events the command caused", Err: err}
	}
	events, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) {
		var e Event
		err := r.Scan(&e.Kind, &e.Tag, &e.Object, &e.Identity, &e.Detail)
		return e, err
	})
	if err != nil {
		return nil, &EnvError{Msg: "reading the events the command caused", Err: err}
	}
	return events, nil
}

// runShell runs command with sh -c and env=url added to the environment,
// copying its output to w and returning the exit status and the last 40
// lines. On cancellation the command's process group is sent SIGTERM.
func runShell(ctx context.Context, command, dir, env, url string, w io.Writer) (int, string, error) {
	cmd := exec.Command("/bin/sh", "-c", command)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env+"="+url)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var buf lockedBuffer
	out := io.Writer(&buf)
	if w != nil {
		out = io.MultiWriter(&buf, w)
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return 0, "", &EnvError{Msg: fmt.Sprintf("starting %q", command), Err: err}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		return 0, "", ctx.Err()
	}
	tail := pgcluster.Mask(lastLines(buf.String(), 40))
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, tail, nil
	case errors.As(err, &ee):
		code := ee.ExitCode()
		if code < 0 {
			code = 128
		}
		return code, tail, nil
	}
	return 0, "", &EnvError{Msg: fmt.Sprintf("running %q", command), Err: err}
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// WriteCommandText prints a RunCommand report.
func WriteCommandText(w io.Writer, rep *CommandReport) {
	fmt.Fprintf(w, "PostgreSQL %s", rep.Server)
	if rep.Seed != nil {
		fmt.Fprintf(w, ", %s seeded into %s", count(int(rep.Seed.Rows), "row"), count(len(rep.Seed.Tables), "table"))
	}
	fmt.Fprintf(w, "\n\n%s\n", rep.Command)
	for _, e := range rep.Events {
		switch e.Kind {
		case "ddl":
			fmt.Fprintf(w, "  ddl      %-24s %s %s\n", e.Tag, e.Object, e.Identity)
		case "rewrite":
			fmt.Fprintf(w, "  REWRITE  %-24s %s (%s)\n", e.Tag, e.Identity, e.Detail)
		case "drop":
			fmt.Fprintf(w, "  DROP     %-24s %s %s\n", e.Tag, e.Object, e.Identity)
		}
	}
	if len(rep.Events) == 0 {
		fmt.Fprintln(w, "  no DDL observed")
	}
	if rep.Failed() {
		fmt.Fprintf(w, "\nthe command failed with exit status %d on a database holding data; its last output:\n", rep.ExitCode)
		for _, l := range strings.Split(rep.Output, "\n") {
			fmt.Fprintf(w, "    %s\n", l)
		}
		return
	}
	fmt.Fprintf(w, "\nthe command succeeded in %s\n", rep.Duration.Round(time.Millisecond))
}
