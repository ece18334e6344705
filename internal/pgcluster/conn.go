package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

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

// isURL reports whether s is a postgres:// URL rather than a key=value
// connection string.
func isURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// withDatabase returns the connection string s naming database db instead.
func withDatabase(s, db string) string {
	if isURL(s) {
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
	return strings.TrimSpace(s) + " dbname=" + quoteValue(db)
}

// withUser returns the connection string s logging in as user with
// password instead; host, port and TLS settings stay.
func withUser(s, user, password string) string {
	if isURL(s) {
		if u, err := url.Parse(s); err == nil {
			u.User = url.UserPassword(user, password)
			q := u.Query()
			if q.Has("user") || q.Has("password") {
				q.Del("user")
				q.Del("password")
				u.RawQuery = q.Encode()
			}
			return u.String()
		}
	}
	// In a key=value string the last value of a key wins.
	return strings.TrimSpace(s) + " user=" + quoteValue(user) + " password=" + quoteValue(password)
}

// quoteValue quotes a value of a key=value connection string.
func quoteValue(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
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
