package schema_test

import (
	"reflect"
	"testing"

	"github.com/migguard/migguard/internal/schema"
)

func TestPartitionKeyAndDefault(t *testing.T) {
	c := replay(t, `
CREATE TABLE events (id bigint, at timestamptz, kind text) PARTITION BY RANGE (at, (lower(kind)));
CREATE TABLE events_other PARTITION OF events DEFAULT;
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01', 'a') TO ('2027-01-01', 'a');
CREATE TABLE tags (name text) PARTITION BY LIST (name);
`)
	ev := c.Table("", "events")
	if ev.PartitionStrategy != "range" || !reflect.DeepEqual(ev.PartitionKey, []string{"at", "(lower(kind))"}) {
		t.Errorf("events: strategy %q key %q", ev.PartitionStrategy, ev.PartitionKey)
	}
	if !c.Table("", "events_other").DefaultPartition || c.Table("", "events_2026").DefaultPartition {
		t.Errorf("DEFAULT partition not recorded")
	}
	if c.Table("", "tags").PartitionStrategy != "list" {
		t.Errorf("tags: strategy %q", c.Table("", "tags").PartitionStrategy)
	}

	c = replay(t, `
CREATE TABLE events (id bigint, at timestamptz) PARTITION BY RANGE (at);
CREATE TABLE rest (id bigint, at timestamptz);
ALTER TABLE events ATTACH PARTITION rest DEFAULT;
`)
	cl := c.Clone()
	if !c.Table("", "rest").DefaultPartition || !reflect.DeepEqual(cl.Table("", "events").PartitionKey, []string{"at"}) {
		t.Errorf("attached DEFAULT partition or cloned key lost")
	}
	apply(t, c, `ALTER TABLE events DETACH PARTITION rest;`, schema.Origin{File: "m2.sql", Tx: 2})
	if c.Table("", "rest").DefaultPartition {
		t.Errorf("detached partition still DEFAULT")
	}
}
