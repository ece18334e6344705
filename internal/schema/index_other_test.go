package schema_test

import (
	"testing"

	"github.com/migguard/migguard/internal/schema"
)

// An index on a materialized view, or on a table the migrations never
// created, is known by name and relation: it moves with a renamed
// relation, goes with a dropped one, and survives a snapshot.
func TestIndexOnOtherRelation(t *testing.T) {
	c := replay(t, `
CREATE MATERIALIZED VIEW stats AS SELECT 1 AS n;
CREATE UNIQUE INDEX stats_idx ON stats (n);
CREATE INDEX views_date_idx ON campaign_views (created_at);`)
	table := func(c *schema.Catalog, name string) string {
		if ix := c.Index("public", name); ix != nil {
			return ix.Table
		}
		return "(none)"
	}
	if got := table(c, "stats_idx"); got != "public.stats" {
		t.Errorf("stats_idx is on %s, want public.stats", got)
	}
	if got := table(c, "views_date_idx"); got != "public.campaign_views" {
		t.Errorf("views_date_idx is on %s, want public.campaign_views", got)
	}
	var w schema.SnapshotWriter
	b, err := w.Append(nil, c)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := schema.LoadSnapshot(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := table(snap, "stats_idx"); got != "public.stats" {
		t.Errorf("after a snapshot, stats_idx is on %s, want public.stats", got)
	}
	apply(t, c, `ALTER MATERIALIZED VIEW stats RENAME TO summary; ALTER TABLE campaign_views RENAME TO views;`, schema.Origin{File: "n.sql", Tx: 2})
	if got := table(c, "stats_idx"); got != "public.summary" {
		t.Errorf("after the rename, stats_idx is on %s, want public.summary", got)
	}
	if got := table(c, "views_date_idx"); got != "public.views" {
		t.Errorf("after the rename, views_date_idx is on %s, want public.views", got)
	}
	apply(t, c, `DROP MATERIALIZED VIEW summary; DROP TABLE views;`, schema.Origin{File: "o.sql", Tx: 3})
	for _, name := range []string{"stats_idx", "views_date_idx"} {
		if got := table(c, name); got != "(none)" {
			t.Errorf("after the drop, %s is still on %s", name, got)
		}
	}
}
