package pgcatalog

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestFuncVolatility(t *testing.T) {
	for _, tc := range []struct {
		name string
		want Volatility
	}{
		{"now", Stable},
		{"pg_catalog.now", Stable},
		{"current_setting", Stable},
		{"random", Volatile},
		{"nextval", Volatile},
		{"gen_random_uuid", Volatile},
		{"clock_timestamp", Volatile},
		{"lower", Immutable},
		{"md5", Immutable},
		{"to_char", Stable}, // immutable for numbers, stable for timestamps: the stablest loses
		{"my_uuid_v7", Unknown},
		{"public.now", Unknown},
		{"", Unknown},
	} {
		if got := FuncVolatility(tc.name); got != tc.want {
			t.Errorf("FuncVolatility(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestVolatilityString(t *testing.T) {
	got := fmt.Sprint(Immutable, " ", Stable, " ", Volatile, " ", Unknown)
	if want := "immutable stable volatile unknown"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestVolatilityListFresh compares volatility_list.go with the catalog of
// the server in MIGGUARD_PG_URL, which must run the same major version.
func TestVolatilityListFresh(t *testing.T) {
	url := os.Getenv("MIGGUARD_PG_URL")
	if url == "" {
		t.Skip("MIGGUARD_PG_URL is not set; to compare the list with a server run: eval \"$(.ci/pg-start)\"")
	}
	regen := "MIGGUARD_PG_URL='" + url + "' go generate ./internal/pgcatalog"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connecting to MIGGUARD_PG_URL: %v", err)
	}
	defer conn.Close(ctx)
	var num int
	if err := conn.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&num); err != nil {
		t.Fatal(err)
	}
	if major := num / 10000; major != ListMajor {
		t.Fatalf("volatility_list.go was generated from PostgreSQL %d but MIGGUARD_PG_URL runs PostgreSQL %d:\n"+
			"point MIGGUARD_PG_URL at a PostgreSQL %d server, or move the list to %d with:\n  %s",
			ListMajor, major, ListMajor, major, regen)
	}
	rows, err := conn.Query(ctx, volatilityQuery)
	if err != nil {
		t.Fatal(err)
	}
	server := map[string]Volatility{}
	for rows.Next() {
		var name, class string
		if err := rows.Scan(&name, &class); err != nil {
			t.Fatal(err)
		}
		server[name] = Volatility(class[0])
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := diffLists(builtin(), server); len(diff) > 0 {
		if len(diff) > 20 {
			diff = append(diff[:20], fmt.Sprintf("… and %d more", len(diff)-20))
		}
		t.Fatalf("volatility_list.go is stale against the server (list → server):\n  %s\nregenerate with:\n  %s",
			strings.Join(diff, "\n  "), regen)
	}
}

// diffLists describes how two volatility lists differ, sorted by name.
func diffLists(list, server map[string]Volatility) []string {
	var out []string
	for name, v := range list {
		if s, ok := server[name]; !ok {
			out = append(out, name+": "+v.String()+" → missing")
		} else if s != v {
			out = append(out, name+": "+v.String()+" → "+s.String())
		}
	}
	for name, s := range server {
		if _, ok := list[name]; !ok {
			out = append(out, name+": missing → "+s.String())
		}
	}
	sort.Strings(out)
	return out
}
