package migrations

import (
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/treetest"
)

// pop: the files pop runs on PostgreSQL, in version order; per version,
// the postgres file over the one for every database; other databases'
// files left out without a word; .autocommit outside a transaction.
func TestPopDirectory(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		"m/20200101000000_networks.postgres.up.sql":      "CREATE TABLE networks (id uuid PRIMARY KEY);",
		"m/20200101000000_networks.postgres.down.sql":    "DROP TABLE networks;",
		"m/20200101000000_networks.mysql.up.sql":         "CREATE TABLE networks (id CHAR(36) PRIMARY KEY) ENGINE=InnoDB;",
		"m/20200101000000_networks.sqlite3.up.sql":       "CREATE TABLE networks (id TEXT PRIMARY KEY);",
		"m/20200101000000_networks.cockroach.up.sql":     "CREATE TABLE networks (id UUID PRIMARY KEY);",
		"m/20200102000000_users.up.sql":                  "CREATE TABLE users (id uuid PRIMARY KEY, nid uuid);",
		"m/20200102000000_users.down.sql":                "DROP TABLE users;",
		"m/20200103000000_users_nid.up.sql":              "CREATE INDEX users_nid_idx ON users (nid);",
		"m/20200103000000_users_nid.postgres.up.sql":     "CREATE INDEX CONCURRENTLY users_nid_idx ON users (nid);",
		"m/20200104000000_length.mysql.up.sql":           "ALTER TABLE users MODIFY nid CHAR(36);",
		"m/20200104000000_length.postgres.up.sql":        "",
		"m/20200105000000_indexes.autocommit.up.sql":     "CREATE INDEX users_id_nid_idx ON users (id, nid);",
		"m/20200106000000_fk.postgres.autocommit.up.sql": "ALTER TABLE users ADD FOREIGN KEY (nid) REFERENCES networks (id);",
		"m/20200107000000_nothing.postgres.up.sql":       "",
		"m/README.sql": "-- notes",
	})
	set, errs := LoadDir(Dir(root), "m", "")
	if len(errs) > 0 || set.Format != Pop {
		t.Fatalf("format %s, errors %v", set.Format, errs)
	}
	want := "m/20200101000000_networks.postgres.up.sql m/20200102000000_users.up.sql m/20200103000000_users_nid.postgres.up.sql " +
		"m/20200104000000_length.postgres.up.sql m/20200105000000_indexes.autocommit.up.sql m/20200106000000_fk.postgres.autocommit.up.sql " +
		"m/20200107000000_nothing.postgres.up.sql"
	if got := paths(set.Files); got != want {
		t.Errorf("files\n got %s\nwant %s", got, want)
	}
	networks, indexes, fk := set.Files[0], set.Files[4], set.Files[5]
	if networks.Version != "20200101000000" || networks.Name != "networks" || networks.DownFile == nil || networks.DownFile.Path != "m/20200101000000_networks.postgres.down.sql" {
		t.Errorf("networks: version %q name %q down %v", networks.Version, networks.Name, networks.DownFile)
	}
	if networks.Tx != TxWrapped || indexes.Tx != TxImplicit || fk.Tx != TxImplicit || !strings.Contains(fk.TxSource, ".autocommit") {
		t.Errorf("tx: networks %v, indexes %v, fk %v (%s)", networks.Tx, indexes.Tx, fk.Tx, fk.TxSource)
	}
	for _, f := range set.Files {
		if len(f.Problems) > 0 {
			t.Errorf("%s: %s", f.Path, problems(f))
		}
	}
	// An empty PostgreSQL file whose version has other databases' files
	// is deliberate; one without is not.
	if set.Files[3].EmptyOK == "" || set.Files[6].EmptyOK != "" {
		t.Errorf("EmptyOK: length %q, nothing %q", set.Files[3].EmptyOK, set.Files[6].EmptyOK)
	}
	if len(set.Others) != 1 || set.Others[0].Path != "m/README.sql" || !strings.Contains(set.Others[0].Why, "pop runs only files named") {
		var others []string
		for _, o := range set.Others {
			others = append(others, o.Path+": "+o.Why)
		}
		t.Errorf("others: %s", strings.Join(others, "; "))
	}
}

// Names alone decide: a dialect or the autocommit flag marks pop, which
// golang-migrate's names never carry; a title with dots stays golang-migrate.
func TestDetectPop(t *testing.T) {
	for _, tc := range []struct {
		names []string
		want  Format
	}{
		{[]string{"1_a.up.sql", "1_a.down.sql", "2_b.postgres.up.sql"}, Pop},
		{[]string{"1_a.up.sql", "2_b.autocommit.up.sql"}, Pop},
		{[]string{"20200101000000_networks.mysql.down.sql"}, Pop},
		{[]string{"1_a.up.sql", "1_a.down.sql"}, GolangMigrate},
		{[]string{"1_add.users.up.sql", "1_add.users.down.sql"}, GolangMigrate},
	} {
		if got := DetectNames(tc.names, nil); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.names, got, tc.want)
		}
	}
}
