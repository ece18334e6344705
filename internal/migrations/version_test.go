package migrations

import "testing"

func TestCompareVersions(t *testing.T) {
	for _, c := range []struct {
		format Format
		a, b   string
		want   int
	}{
		{Flyway, "1.2", "1.10", -1}, // parts are numbers, not text
		{Flyway, "1.10", "1.2", 1},
		{Flyway, "1.0", "1", 0}, // missing parts count as 0
		{Flyway, "1_1", "1.1", 0},
		{Flyway, "2", "1.9.9", 1},
		{Flyway, "01.1", "1.1", 0},
		{Goose, "2", "10", -1},
		{Goose, "00010", "10", 0},
		{Goose, "20240101000000", "3", 1},
		{GolangMigrate, "9", "10", -1},
		{GolangMigrate, "1", "abc", -1}, // a non-number sorts after numbers
		{Dbmate, "20240101", "20240102", -1},
		{Dbmate, "001", "1", -1}, // dbmate records versions as text
		{Atlas, "20240101000000", "20240101000000", 0},
		{Plain, "2", "10", -1},
	} {
		if got := CompareVersions(c.format, c.a, c.b); got != c.want {
			t.Errorf("CompareVersions(%s, %q, %q) = %d, want %d", c.format, c.a, c.b, got, c.want)
		}
	}
}

// The order of a set's files and CompareVersions agree for every format
// whose files carry a version.
func TestFileOrderFollowsCompareVersions(t *testing.T) {
	for format, names := range map[Format][]string{
		GolangMigrate: {"1_a.up.sql", "2_b.up.sql", "10_c.up.sql", "0100_d.up.sql"},
		Goose:         {"1_a.sql", "2_b.sql", "10_c.sql", "20240101000000_d.sql"},
		Flyway:        {"V1__a.sql", "V1.2__b.sql", "V1.10__c.sql", "V2__d.sql"},
		Dbmate:        {"20240101000000_a.sql", "20240102000000_b.sql"},
	} {
		var paths []string
		for i := len(names) - 1; i >= 0; i-- {
			paths = append(paths, "db/"+names[i])
		}
		ups, _ := OrderNames(format, "db", paths)
		for i := 1; i < len(ups); i++ {
			if CompareVersions(format, ups[i-1].Version, ups[i].Version) >= 0 {
				t.Errorf("%s: %s is ordered before %s, but CompareVersions does not put it first", format, ups[i-1].Path, ups[i].Path)
			}
		}
		if len(ups) != len(names) {
			t.Errorf("%s: %d files ordered, want %d", format, len(ups), len(names))
		}
	}
}
