package pgcluster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ScratchPrefix starts the name of every database and role CreateDatabase
// creates.
const ScratchPrefix = "migguard_scratch_"

// ScratchOptions configure CreateDatabase. The zero value refuses every
// risky server URL.
type ScratchOptions struct {
	// AllowPrivileged accepts a server URL whose role is a superuser or
	// owns other databases (--allow-privileged-url). Migrations are still
	// confined to a role of their own.
	AllowPrivileged bool
	// RunAsURLRole lets the migrations run as the server URL's role when
	// no confined role can be used: the role may not create roles, or the
	// server does not let the new role log in (--run-as-url-role).
	RunAsURLRole bool
	// Extensions are created in the scratch database by the server URL's
	// role before any migration runs (--allow-extensions), for
	// extensions that only a superuser may create.
	Extensions []string
	// Progress receives one line per step; nil discards them.
	Progress io.Writer
}

// Database is a scratch database that migguard created and will drop.
type Database struct {
	// Name is the database's name (ScratchPrefix followed by the server's
	// time and random hex).
	Name string
	// URL connects to the scratch database as Role: migrations, seeding
	// and a --runner command use it.
	URL string
	// AdminURL connects to the scratch database as the server URL's role,
	// for what migguard itself does there (lock sampling, event triggers).
	AdminURL string
	// Role is the role migrations run as, named like the database: it
	// owns the database and may do nothing else. It is "" when the
	// migrations run as the server URL's role (RunAsURLRole).
	Role string

	server *pgx.ConnConfig
	// dropped is set once Drop has succeeded.
	dropped bool
}

// CreateDatabase connects to the server of serverURL (a postgres:// URL or
// a key=value connection string), checks that its role may be used (see
// ScratchOptions), drops the scratch databases and roles that earlier runs
// left behind, and creates a uniquely named scratch database owned by a new
// confined role. The database named in serverURL is only connected to,
// never written to. On error nothing is left behind.
func CreateDatabase(ctx context.Context, serverURL string, o ScratchOptions) (*Database, error) {
	progress := o.Progress
	if progress == nil {
		progress = io.Discard
	}
	cfg, err := pgx.ParseConfig(serverURL)
	if err != nil {
		return nil, fmt.Errorf("invalid database URL %s: %s", Mask(serverURL), Mask(err.Error()))
	}
	if strings.Contains(cfg.Host, "@") {
		// The parser split the user information at an @ of the password,
		// and messages would show the rest of it as the host.
		return nil, fmt.Errorf("invalid database URL %s: write an @ in the user name or password as %%40", Mask(serverURL))
	}
	conn, err := Connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	admin, err := inspectRole(ctx, conn)
	if err != nil {
		return nil, err
	}
	if err := o.admit(admin, cfg); err != nil {
		return nil, err
	}
	sweepDatabases(ctx, conn, progress)
	name, err := newScratchName(ctx, conn)
	if err != nil {
		return nil, err
	}
	d := &Database{Name: name, AdminURL: withDatabase(serverURL, name), server: cfg}
	if err := d.create(ctx, conn, serverURL, admin, o); err != nil {
		return nil, errors.Join(err, d.Drop(ctx))
	}
	if d.Role != "" {
		fmt.Fprintf(progress, "created scratch database %s on %s; migrations run as role %s, which owns only that database\n", name, describe(cfg), d.Role)
	} else {
		fmt.Fprintf(progress, "created scratch database %s on %s; migrations run as %q itself (--run-as-url-role)\n", name, describe(cfg), cfg.User)
	}
	return d, nil
}

// newScratchName names a scratch database after the server's clock, which
// every run on that server shares, so that sweepDatabases can tell the age
// of what it finds.
func newScratchName(ctx context.Context, conn *pgx.Conn) (string, error) {
	var now time.Time
	if err := conn.QueryRow(ctx, "SELECT now()").Scan(&now); err != nil {
		return "", fmt.Errorf("reading the server's clock: %s", Mask(err.Error()))
	}
	var b [5]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return ScratchPrefix + now.UTC().Format(scratchTime) + "_" + hex.EncodeToString(b[:]), nil
}

// scratchTime is the layout of the time in a scratch database's name.
const scratchTime = "20060102150405"

// create makes the role, the database and the allowed extensions, and
// checks that the role can log in.
func (d *Database) create(ctx context.Context, conn *pgx.Conn, serverURL string, admin *urlRole, o ScratchOptions) error {
	confine := admin.super || admin.createRole
	owner := admin.name
	d.URL = d.AdminURL
	if confine {
		password, err := createRole(ctx, conn, d.Name, admin)
		d.Role = d.Name // set even on error, so that Drop removes it
		if err != nil {
			return err
		}
		owner = d.Name
		d.URL = withUser(d.AdminURL, d.Name, password)
	}
	q := "CREATE DATABASE " + pgx.Identifier{d.Name}.Sanitize() + " OWNER " + pgx.Identifier{owner}.Sanitize()
	if _, err := conn.Exec(ctx, q); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42501" {
			return fmt.Errorf("user %q may not create databases on %s (%s): grant it CREATEDB, or leave out --database-url so migguard starts its own cluster", admin.name, describe(d.server), pe.Message)
		}
		return fmt.Errorf("creating scratch database %s on %s: %s", d.Name, describe(d.server), Mask(err.Error()))
	}
	if err := createExtensions(ctx, d.AdminURL, o.Extensions); err != nil {
		return err
	}
	if !confine {
		return nil
	}
	if err := checkLogin(ctx, d.URL); err != nil {
		if !o.RunAsURLRole {
			return fmt.Errorf("the server refused the role %s, which migguard made for the migrations, a connection to %s (%s): its pg_hba.conf must accept password logins of new roles there; or pass --run-as-url-role to run the migrations as %q", d.Name, describe(d.server), err, admin.name)
		}
		return d.unconfine(ctx, conn)
	}
	return nil
}

// unconfine gives the database to the server URL's role and drops the
// role that could not log in: the migrations run as the URL's role.
func (d *Database) unconfine(ctx context.Context, conn *pgx.Conn) error {
	db, role := pgx.Identifier{d.Name}.Sanitize(), pgx.Identifier{d.Role}.Sanitize()
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+db+" OWNER TO CURRENT_USER"); err != nil {
		return fmt.Errorf("taking over %s: %s", d.Name, Mask(err.Error()))
	}
	if _, err := conn.Exec(ctx, "DROP ROLE "+role); err != nil {
		return fmt.Errorf("dropping the role %s: %s", d.Role, Mask(err.Error()))
	}
	d.Role, d.URL = "", d.AdminURL
	return nil
}

// createExtensions creates the allowed extensions in the scratch database
// before any migration has run there, so nothing a migration made can
// take part.
func createExtensions(ctx context.Context, adminURL string, names []string) error {
	if len(names) == 0 {
		return nil
	}
	cfg, err := pgx.ParseConfig(adminURL)
	if err != nil {
		return err
	}
	conn, err := Connect(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, n := range names {
		if _, err := conn.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS "+pgx.Identifier{n}.Sanitize()+" CASCADE"); err != nil {
			return fmt.Errorf("creating extension %q for --allow-extensions: %s", n, Mask(err.Error()))
		}
	}
	return nil
}

// checkLogin connects once to url.
func checkLogin(ctx context.Context, u string) error {
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		return err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return errors.New(Mask(unwrapAll(err).Error()))
	}
	return conn.Close(ctx)
}

// dropAttempts and dropBackoff bound how long Drop waits for sessions it
// may not end (a superuser's) to leave the scratch database.
const (
	dropAttempts = 5
	dropBackoff  = 250 * time.Millisecond
)

// Drop drops the scratch database and its role, ending the sessions still
// connected to it where the server URL's role may, and trying again while
// others remain. It runs even when ctx is already cancelled (after Ctrl-C),
// with a time limit of its own. The error says what is left and how to
// remove it.
func (d *Database) Drop(ctx context.Context) error {
	if d == nil || d.dropped {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	conn, err := Connect(ctx, d.server)
	if err != nil {
		return fmt.Errorf("could not drop the scratch database %s: %w; drop it by hand: %s", d.Name, err, d.dropSQL())
	}
	defer conn.Close(ctx)
	delay := dropBackoff
	for attempt := 1; ; attempt++ {
		err = dropDatabase(ctx, conn, d.Name, d.Role)
		if err == nil || attempt == dropAttempts {
			break
		}
		time.Sleep(delay)
		delay *= 2
	}
	if err != nil {
		return fmt.Errorf("could not drop the scratch database %s on %s after %d attempts: %s; drop it by hand (%s), or let the next migguard apply on this server drop it once nobody is connected to it", d.Name, describe(d.server), dropAttempts, Mask(err.Error()), d.dropSQL())
	}
	d.dropped = true
	return nil
}

func (d *Database) dropSQL() string {
	s := "DROP DATABASE " + pgx.Identifier{d.Name}.Sanitize() + " WITH (FORCE);"
	if d.Role != "" {
		s += " DROP ROLE " + pgx.Identifier{d.Role}.Sanitize() + ";"
	}
	return s
}

// dropDatabase makes one attempt at dropping database name and then role
// (when not "").
func dropDatabase(ctx context.Context, conn *pgx.Conn, name, role string) error {
	db := pgx.Identifier{name}.Sanitize()
	// A migration may have marked its database a template, which DROP
	// DATABASE refuses; the error when it no longer exists is expected.
	conn.Exec(ctx, "ALTER DATABASE "+db+" IS_TEMPLATE false")
	terminateSessions(ctx, conn, name)
	var version int
	if err := conn.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&version); err != nil {
		return err
	}
	q := "DROP DATABASE IF EXISTS " + db
	if version >= 130000 {
		// FORCE also refuses new connections while it ends the others.
		q += " WITH (FORCE)"
	}
	if _, err := conn.Exec(ctx, q); err != nil {
		return err
	}
	if role == "" {
		return nil
	}
	_, err := conn.Exec(ctx, "DROP ROLE IF EXISTS "+pgx.Identifier{role}.Sanitize())
	return err
}

// terminateSessions ends the other sessions connected to database name,
// one by one, so that those the role may not end (a superuser's) do not
// stop it from ending the rest.
func terminateSessions(ctx context.Context, conn *pgx.Conn, name string) {
	rows, err := conn.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name)
	if err != nil {
		return
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return
	}
	for _, pid := range pids {
		conn.Exec(ctx, "SELECT pg_terminate_backend($1)", pid)
	}
}
