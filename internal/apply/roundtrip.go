package apply

import (
	"context"
	"fmt"

	"github.com/migguard/migguard/internal/migrations"
)

// roundTrip applies the down parts of the applied files, last first,
// comparing the catalog with the one before each up part, and then the up
// parts again, comparing with the catalog after the first pass.
func (r *runner) roundTrip(ctx context.Context, rep *Report, applied []*migrations.File, before []string) error {
	after, err := snapshot(ctx, r.obs)
	if err != nil {
		return r.envErr(ctx, "reading the catalog", err)
	}
	downed, stop, err := r.downAll(ctx, rep, applied, before)
	if err != nil || stop {
		return err
	}
	// Up again, in order.
	for k := len(downed) - 1; k >= 0; k-- {
		f := applied[downed[k]]
		fmt.Fprintf(r.progress, "round trip: applying %s again\n", f.Path)
		fr, err := r.runPart(ctx, f.Path, f.Src, f.Up, f.Tx, true)
		if err != nil {
			return err
		}
		roundTripOf(rep, f.Path).Up = fr
		if fr.Failed() {
			return nil
		}
	}
	if len(downed) == 0 {
		return nil
	}
	snap, err := snapshot(ctx, r.obs)
	if err != nil {
		return r.envErr(ctx, "reading the catalog", err)
	}
	if d := diff(after, snap); len(d) > 0 {
		rep.RoundTrip[0].UpDiff = d
	}
	return nil
}

// downAll applies the down parts, last file first, until a file has none;
// it returns the indexes of the files taken down, and stop when a down
// part failed.
func (r *runner) downAll(ctx context.Context, rep *Report, applied []*migrations.File, before []string) (downed []int, stop bool, err error) {
	for i := len(applied) - 1; i >= 0; i-- {
		f := applied[i]
		rt := &RoundTrip{Path: f.Path}
		rep.RoundTrip = append(rep.RoundTrip, rt)
		path, src, part, tx := downPart(f)
		if part == "" || isBlank(part) {
			rt.NoDown = true
			break
		}
		fmt.Fprintf(r.progress, "round trip: applying the down part of %s\n", f.Path)
		fr, err := r.runPart(ctx, path, src, part, tx, true)
		if err != nil {
			return nil, false, err
		}
		rt.Down = fr
		if fr.Failed() {
			return nil, true, nil
		}
		snap, err := snapshot(ctx, r.obs)
		if err != nil {
			return nil, false, r.envErr(ctx, "reading the catalog", err)
		}
		rt.DownDiff = diff(before[i], snap)
		downed = append(downed, i)
	}
	return downed, false, nil
}

// downPart returns the down part of f: in f itself, or in its separate
// down file.
func downPart(f *migrations.File) (path, src, part string, tx migrations.TxMode) {
	if f.DownFile == nil {
		return f.Path, f.Src, f.Down, f.Tx
	}
	d := f.DownFile
	part = d.Down
	if isBlank(part) {
		part = d.Up
	}
	return d.Path, d.Src, part, d.Tx
}

// roundTripOf returns the round trip of the file at path.
func roundTripOf(rep *Report, path string) *RoundTrip {
	var rt *RoundTrip
	for _, x := range rep.RoundTrip {
		if x.Path == path {
			rt = x
		}
	}
	return rt
}
