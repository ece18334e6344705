package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoBranches checks the branch and models part of the demo.
func TestDemoBranches(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	res := mg(t, t.TempDir(), nil, "demo", "-dir", dir, "-format", "compact")
	expect(t, res, 0,
		"$ migguard branch -head feature/loyalty",
		"20240605100000_add_loyalty_points.sql:1:1: error branch-stale-migration",
		"develop gained 20240610150000_drop_legacy_column.sql after this branch forked",
		"error branch-migration-count: this branch adds 2 migrations to db/migrations",
		"migguard branch exited 1.",
		"internal/store/models.go:20:1: error model-without-migration: model Order.CouponCode changed (field added)",
		"migguard models exited 1.",
	)
	// The comment edit on feature/coupons does not count.
	if strings.Count(res.stdout, "model-without-migration") != 1 {
		t.Errorf("want one model finding:\n%s", res)
	}
}
