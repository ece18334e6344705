package migrations

import (
	"slices"
	"testing"
)

var nameRxCases = []string{
	"", "1", "1.sql", "1_.sql", "1_x.sql", "001_a_b.up.sql", "001_a.down.sql", "1_.up.sql", "1_up.sql",
	"12_x.up.sql.bak", "x1_a.sql", "_1.sql", "1-a.sql", "123.sql", "1a\n.sql", "1_a\nb.sql", "1_a.up\n.sql",
	"1_\xff.sql", "1_\xff.down.sql", "０1_a.sql", "1_a.SQL", ".sql", "1.up.sql", "1__.down.sql", "20240101120000_create.sql",
	"1_a.sql\n", "1\r_a.sql", "1_a\r.sql", "V1__a.sql", "99999999999999999999_a.up.sql", "12_.sql", "1_\n.sql", "001_x_.sql",
	// pop's names
	"1_a.postgres.up.sql", "1_a.mysql.down.sql", "1_a.autocommit.up.sql", "1_a.postgres.autocommit.up.sql",
	"1_a.autocommit.autocommit.down.sql", "1_a.pg.x.up.sql", "1_a.Pg.up.sql", "1_a..up.sql", "1_a.sqlite3.up.sql",
	"1_a.postgres.autocommit.autocommit.up.sql", "1_.postgres.up.sql", "1_a\nb.pg.up.sql", "1_a.p-g.up.sql",
	"1_a.up.up.sql", "1_a.pg.sql", "1_\xff.pg.down.sql", "1_a.pg.up.sql.", "20210410175418_networks.cockroach.up.sql",
}

func checkNameRx(t *testing.T, s string) {
	for _, n := range []nameRx{golangMigrateRx, gooseNameRx, dbmateNameRx, ternNameRx, popNameRx} {
		if got, want := n.FindStringSubmatch(s), n.rx.FindStringSubmatch(s); !slices.Equal(got, want) {
			t.Errorf("%s on %q: got %q, the regular expression gives %q", n, s, got, want)
		}
		if got, want := n.MatchString(s), n.rx.MatchString(s); got != want {
			t.Errorf("%s on %q: got %v, the regular expression gives %v", n, s, got, want)
		}
	}
}

func TestNameRxMatchesRegexp(t *testing.T) {
	for _, s := range nameRxCases {
		checkNameRx(t, s)
	}
}

func FuzzNameRx(f *testing.F) {
	for _, s := range nameRxCases {
		f.Add(s)
	}
	f.Fuzz(checkNameRx)
}
