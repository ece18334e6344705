package pgparse

import (
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// benchMigration is a realistic migration of 15 statements.
const benchMigration = `-- 20240501120000_orders.up.sql: orders and their lines
SET lock_timeout = '5s';

CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');

CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL,
    status      order_status NOT NULL DEFAULT 'pending',
    total_cents integer NOT NULL CHECK (total_cents >= 0),
    note        text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz
);

ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;

ALTER TABLE orders
    ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;

CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_idx ON orders (customer_id, created_at DESC);

/* backfill in one go: the table is new */
UPDATE orders SET updated_at = created_at WHERE updated_at IS NULL;

CREATE FUNCTION orders_touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.updated_at := now(); -- keep it fresh
    RETURN NEW;
END
$fn$;

CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_touch();

COMMENT ON TABLE orders IS 'one row per customer order';

ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'shipped';

INSERT INTO orders (customer_id, status, total_cents, note)
VALUES (1, 'paid', 1999, 'seed: café order'), (2, 'pending', 0, NULL);

ALTER TABLE orders DROP COLUMN IF EXISTS note;
`

func TestBenchMigrationParses(t *testing.T) {
	stmts := Parse(benchMigration)
	if len(stmts) != 15 {
		t.Fatalf("got %d statements, want 15", len(stmts))
	}
	for i, s := range stmts {
		if s.Err != nil {
			t.Fatalf("statement %d: %v", i, s.Err)
		}
	}
}

// BenchmarkParse measures Parse on a migration that parses as a whole.
func BenchmarkParse(b *testing.B) {
	b.SetBytes(int64(len(benchMigration)))
	for b.Loop() {
		Parse(benchMigration)
	}
}

// BenchmarkParseOnly is the floor for BenchmarkParse: pg_query alone.
func BenchmarkParseOnly(b *testing.B) {
	b.SetBytes(int64(len(benchMigration)))
	for b.Loop() {
		if _, err := pg_query.Parse(benchMigration); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseWithError measures the statement-by-statement path taken
// when one statement of the migration does not parse.
func BenchmarkParseWithError(b *testing.B) {
	src := strings.Replace(benchMigration, "COMMENT ON TABLE", "COMMENT ON TABEL", 1)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Parse(src)
	}
}

// BenchmarkComments measures the scan for suppression comments.
func BenchmarkComments(b *testing.B) {
	b.SetBytes(int64(len(benchMigration)))
	for b.Loop() {
		Comments(benchMigration)
	}
}

// BenchmarkLinesPos measures line:column lookups over the whole migration.
func BenchmarkLinesPos(b *testing.B) {
	for b.Loop() {
		lines := NewLines(benchMigration)
		for off := 0; off < len(benchMigration); off += 7 {
			lines.Pos(off)
		}
	}
}
