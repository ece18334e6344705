package apply

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"

	"github.com/migguard/migguard/internal/pgcluster"
	"github.com/migguard/migguard/internal/rules"
)

// runner applies migration parts over conn and watches them from obs.
type runner struct {
	// conn is logged in as the confined role: the migrations run over it,
	// and so do the reads that must see their open transaction.
	conn *pgx.Conn
	// obs is the privileged connection: lock sampling and catalog
	// snapshots.
	obs *pgx.Conn
	// role is the role the migrations run as.
	role string

	lockTimeout, statementTimeout time.Duration
	extensions                    []string
	// findings are the findings of every SQL rule on the new files,
	// directives not applied, and work what each statement does with the
	// rows of each table, by path and statement offset.
	findings []rules.Finding
	work     map[stmtKey][]Work
	// predicting is set while a new file is applied: its statements are
	// compared with lint's predictions.
	predicting bool
	keepGoing  bool
	progress   io.Writer
}

// connect opens the migrations' connection and the observer's, and
// refuses a migrations' connection whose session user is a superuser: a
// superuser session could RESET ROLE its way out of any confinement.
func connect(ctx context.Context, t Target, progress io.Writer) (*runner, error) {
	if progress == nil {
		progress = io.Discard
	}
	conn, err := open(ctx, t.URL, nil)
	if err != nil {
		return nil, err
	}
	r := &runner{conn: conn, progress: progress}
	var super bool
	if err := conn.QueryRow(ctx, "SELECT session_user, r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user").Scan(&r.role, &super); err != nil {
		r.close(ctx)
		return nil, r.envErr(ctx, "reading the migrations' role", err)
	}
	if super {
		r.close(ctx)
		return nil, &EnvError{Msg: fmt.Sprintf("refusing to run migrations as %q, a superuser: they are untrusted code and run as a role that owns only the scratch database", r.role)}
	}
	// Nothing a migration creates is called from the observer: it sees
	// pg_catalog only.
	r.obs, err = open(ctx, t.admin(), map[string]string{"search_path": "pg_catalog, pg_temp", "application_name": "migguard observer"})
	if err != nil {
		r.close(ctx)
		return nil, err
	}
	return r, nil
}

// open connects to url. A cancelled context (a limit passed, Ctrl-C)
// sends PostgreSQL a cancel request, so the statement stops and the
// connection stays usable; the connection is cut only when the server does
// not answer in time.
func open(ctx context.Context, url string, params map[string]string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, &EnvError{Msg: "invalid database URL", Err: err}
	}
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: 5 * time.Second}
	}
	for k, v := range params {
		cfg.RuntimeParams[k] = v
	}
	conn, err := pgcluster.Connect(ctx, cfg)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &EnvError{Msg: "connecting to the scratch database", Err: err}
	}
	return conn, nil
}

func (r *runner) close(ctx context.Context) {
	for _, c := range []*pgx.Conn{r.conn, r.obs} {
		if c != nil {
			c.Close(context.WithoutCancel(ctx))
		}
	}
}
