package pgcluster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ScratchPrefix starts the name of every database CreateDatabase creates.
const ScratchPrefix = "migguard_scratch_"

// Database is a scratch database that migguard created and will drop.
type Database struct {
	// Name is the database's name (ScratchPrefix followed by a timestamp
	// and random hex).
	Name string
	// URL connects to it with the credentials of the server URL.
	URL string

	server *pgx.ConnConfig
	// dropped is set once Drop has run.
	dropped bool
}

// CreateDatabase connects to the server of serverURL (a postgres:// URL or
// a key=value connection string) and creates a uniquely named scratch
// database on it. The database named in serverURL is only connected to,
// never written to.
func CreateDatabase(ctx context.Context, serverURL string, progress io.Writer) (*Database, error) {
	if progress == nil {
		progress = io.Discard
	}
	cfg, err := pgx.ParseConfig(serverURL)
	if err != nil {
		return nil, fmt.Errorf("invalid database URL %s: %s", Mask(serverURL), Mask(err.Error()))
	}
	conn, err := Connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	var b [5]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	name := ScratchPrefix + time.Now().UTC().Format("20060102150405") + "_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42501" {
			return nil, fmt.Errorf("user %q may not create databases on %s (%s): grant it CREATEDB, or leave out --database-url so migguard starts its own cluster", cfg.User, describe(cfg), pe.Message)
		}
		return nil, fmt.Errorf("creating scratch database %s on %s: %s", name, describe(cfg), Mask(err.Error()))
	}
	fmt.Fprintf(progress, "created scratch database %s on %s\n", name, describe(cfg))
	return &Database{Name: name, URL: withDatabase(serverURL, name), server: cfg}, nil
}

// Drop drops the scratch database, ending the sessions still connected
// to it. It runs even when ctx is already cancelled (after Ctrl-C), with a
// time limit of its own.
func (d *Database) Drop(ctx context.Context) error {
	if d == nil || d.dropped {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	conn, err := Connect(ctx, d.server)
	if err != nil {
		return fmt.Errorf("dropping scratch database %s: %w", d.Name, err)
	}
	defer conn.Close(ctx)
	ident := pgx.Identifier{d.Name}.Sanitize()
	var version int
	if err := conn.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&version); err != nil {
		return fmt.Errorf("dropping scratch database %s: %s", d.Name, Mask(err.Error()))
	}
	if version >= 130000 {
		_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)")
	} else {
		conn.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", d.Name)
		_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident)
	}
	if err != nil {
		return fmt.Errorf("dropping scratch database %s: %s", d.Name, Mask(err.Error()))
	}
	d.dropped = true
	return nil
}

// Connect opens a connection with messages that say what went wrong
// (unreachable, wrong password, no such database) and never show a
// password.
func Connect(ctx context.Context, cfg *pgx.ConnConfig) (*pgx.Conn, error) {
	if cfg.ConnectTimeout == 0 {
		cfg = cfg.Copy()
		cfg.ConnectTimeout = 10 * time.Second
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err == nil {
		return conn, nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return nil, fmt.Errorf("cannot connect to %s: authentication failed for user %q (%s)", describe(cfg), cfg.User, pe.Message)
		case "3D000":
			return nil, fmt.Errorf("cannot connect to %s: %s", describe(cfg), pe.Message)
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return nil, fmt.Errorf("cannot connect to %s: %s", describe(cfg), Mask(unwrapAll(err).Error()))
}

// unwrapAll returns the innermost error, which names the cause (connection
// refused, no such host) without pgconn's repeated prefixes.
func unwrapAll(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

// describe names a server and database for messages: user@host:port/db.
func describe(cfg *pgx.ConnConfig) string {
	host := cfg.Host
	if strings.HasPrefix(host, "/") {
		return fmt.Sprintf("%s@[socket %s, port %d]/%s", cfg.User, host, cfg.Port, cfg.Database)
	}
	return fmt.Sprintf("%s@%s:%d/%s", cfg.User, host, cfg.Port, cfg.Database)
}

// withDatabase returns the connection string s naming database db instead.
func withDatabase(s, db string) string {
	if strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://") {
		if u, err := url.Parse(s); err == nil {
			u.Path = "/" + db
			u.RawPath = ""
			q := u.Query()
			if q.Has("dbname") {
				q.Set("dbname", db)
				u.RawQuery = q.Encode()
			}
			return u.String()
		}
	}
	return strings.TrimSpace(s) + " dbname='" + strings.ReplaceAll(db, "'", `\'`) + "'"
}

var (
	urlPassword = regexp.MustCompile(`(?i)(postgres(?:ql)?://[^:@/\s]*:)([^@\s]*)(@)`)
	kvPassword  = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)`)
)

// Mask replaces every password in s (in postgres:// URLs, password=
// query parameters and key=value connection strings) with xxxxx.
func Mask(s string) string {
	s = urlPassword.ReplaceAllString(s, "${1}xxxxx${3}")
	return kvPassword.ReplaceAllString(s, "${1}xxxxx")
}
