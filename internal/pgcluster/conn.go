package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/migguard/migguard/internal/lazyre"
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

var kvPassword = lazyre.New(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)`)

// Mask replaces every password in s (in postgres:// URLs, password=
// query parameters and key=value connection strings) with xxxxx. A URL's
// password is everything between the user name's colon and the last @ of
// its authority, so that one with an unencoded space, @ or / in it (which
// the URL parser refuses, and an error message may quote) is masked whole.
func Mask(s string) string {
	var b strings.Builder
	for {
		i := urlStart(s)
		if i < 0 {
			b.WriteString(kvPassword.ReplaceAllString(s, "${1}xxxxx"))
			return b.String()
		}
		b.WriteString(kvPassword.ReplaceAllString(s[:i], "${1}xxxxx"))
		n := urlLen(s[i:])
		b.WriteString(maskURL(s[i : i+n]))
		s = s[i+n:]
	}
}

// urlStart returns the index of the first postgres:// or postgresql:// in
// s, in any case, or -1.
func urlStart(s string) int {
	lower := strings.ToLower(s)
	i, j := strings.Index(lower, "postgres://"), strings.Index(lower, "postgresql://")
	switch {
	case i < 0:
		return j
	case j < 0 || i < j:
		return i
	}
	return j
}

// urlLen returns the length of the URL at the start of s, as far as a
// message lets it be told apart from the text around it: up to a line
// end, a quote or a backtick, or white space; white space is taken as part
// of a password (never valid, but written) while neither @ nor / has been
// seen and an @ follows on the line.
func urlLen(s string) int {
	start := strings.Index(s, "://") + 3
	seenAt, seenSlash := false, false
	for k := start; k < len(s); k++ {
		switch c := s[k]; c {
		case '\n', '\r', '`', '"', '\'', '<', '>':
			return k
		case '@':
			seenAt = true
		case '/', '?', '#':
			seenSlash = true
		case ' ', '\t':
			line, _, _ := strings.Cut(s[k:], "\n")
			if seenAt || seenSlash || !strings.Contains(line, "@") {
				return k
			}
		}
	}
	return len(s)
}

// maskURL masks the password of one URL: the user information's after its
// first colon, up to the last @ before the query, and the password query
// parameter.
func maskURL(u string) string {
	start := strings.Index(u, "://") + 3
	end := len(u)
	if q := strings.IndexAny(u[start:], "?#"); q >= 0 {
		end = start + q
	}
	out := u
	if at := strings.LastIndex(u[start:end], "@"); at >= 0 {
		userinfo := u[start : start+at]
		if c := strings.IndexByte(userinfo, ':'); c >= 0 {
			out = u[:start+c+1] + "xxxxx" + u[start+at:]
		}
	}
	return queryPassword.ReplaceAllString(out, "${1}xxxxx")
}

var queryPassword = lazyre.New(`(?i)([?&]password=)[^&#]*`)
