package pgcluster

import (
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// urlRole is what the role of a server URL may do there.
type urlRole struct {
	name       string
	super      bool
	createRole bool
	// owns lists the databases whose owner's privileges the role has (it
	// may drop them), other than migguard's scratch databases.
	owns []string
}

// inspectRole reads the attributes of the role conn is logged in as.
func inspectRole(ctx context.Context, conn *pgx.Conn) (*urlRole, error) {
	r := &urlRole{}
	err := conn.QueryRow(ctx, `SELECT current_user, r.rolsuper, r.rolcreaterole,
  coalesce((SELECT array_agg(d.datname::text ORDER BY d.datname) FROM pg_database d
    WHERE pg_has_role(current_user, d.datdba, 'USAGE') AND d.datname NOT LIKE 'migguard\_scratch\_%'), '{}')
FROM pg_roles r WHERE r.rolname = current_user`).Scan(&r.name, &r.super, &r.createRole, &r.owns)
	if err != nil {
		return nil, fmt.Errorf("reading the privileges of the server URL's role: %s", Mask(err.Error()))
	}
	return r, nil
}

// admit refuses a role whose use would put more than the scratch database
// at risk, unless o accepts that risk. The message says why and which flag
// accepts it.
func (o ScratchOptions) admit(r *urlRole, cfg *pgx.ConnConfig) error {
	const advice = "connect as a role that owns no database and has CREATEDB and CREATEROLE (CREATE ROLE migguard LOGIN CREATEDB CREATEROLE PASSWORD '…')"
	switch {
	case r.super && !o.AllowPrivileged:
		return fmt.Errorf("refusing --database-url %s: %q is a superuser. The migrations would still run as a role of their own, but migguard's own work there (creating and dropping roles and databases, installing event triggers) would run as a superuser of a shared server, where any mistake reaches everything; %s, or pass --allow-privileged-url to accept the risk", describe(cfg), r.name, advice)
	case len(r.owns) > 0 && !o.AllowPrivileged:
		return fmt.Errorf("refusing --database-url %s: %q owns the database(s) %s, which it may drop, so migguard's work on that server could reach them; %s, or pass --allow-privileged-url to accept the risk", describe(cfg), r.name, strings.Join(r.owns, ", "), advice)
	case !r.super && !r.createRole && !o.RunAsURLRole:
		return fmt.Errorf("refusing --database-url %s: %q may not create roles (CREATEROLE), so migguard cannot give the migrations a role confined to the scratch database, and they would run as %q with everything it may do on that server; grant it CREATEROLE, or pass --run-as-url-role to accept the risk", describe(cfg), r.name, r.name)
	}
	return nil
}

// createRole creates the confined role that migrations run as: it may log
// in (with a random password, sent to the server only as a SCRAM verifier)
// and nothing else. It keeps INHERIT: owning the database makes it a member
// of pg_database_owner, which owns the public schema from PostgreSQL 15 on. A role that is not a superuser is then granted
// membership in it, so that it may create and drop the database the new
// role owns.
func createRole(ctx context.Context, conn *pgx.Conn, name string, admin *urlRole) (password string, err error) {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	password = hex.EncodeToString(b[:])
	verifier, err := scramVerifier(password)
	if err != nil {
		return "", err
	}
	ident := pgx.Identifier{name}.Sanitize()
	q := "CREATE ROLE " + ident + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 20 PASSWORD '" + verifier + "'"
	if _, err := conn.Exec(ctx, q); err != nil {
		return "", fmt.Errorf("creating the role %s for the migrations: %s", name, Mask(err.Error()))
	}
	if !admin.super {
		if _, err := conn.Exec(ctx, "GRANT "+ident+" TO CURRENT_USER"); err != nil {
			return "", fmt.Errorf("granting the role %s to %q: %s", name, admin.name, Mask(err.Error()))
		}
	}
	return password, nil
}

// scramVerifier returns the SCRAM-SHA-256 verifier PostgreSQL stores for
// password (RFC 5802, RFC 7677), so that the password itself never reaches
// the server's statement log.
func scramVerifier(password string) (string, error) {
	const iterations = 4096
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return "", err
	}
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	stored := sha256.Sum256(mac(salted, "Client Key"))
	server := mac(salted, "Server Key")
	enc := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iterations, enc(salt), enc(stored[:]), enc(server)), nil
}
