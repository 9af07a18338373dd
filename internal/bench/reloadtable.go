package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"
)

// reloadResult is what the reload benchmark measured: save → first
// response with the new code through the engine and proxy, and by hand,
// edit by edit, and the steady client's requests.
type reloadResult struct {
	edits, packages int
	engine, floor   []time.Duration
	rate            int
	sent, failed    int64
}

// measureReload runs the reload benchmark as runReload does, alternating
// the engine's edits and the floor's, and returns the figures instead of
// printing them.
func measureReload(edits, rate, packages int) (*reloadResult, error) {
	root, err := os.MkdirTemp("", "devserve-bench-reload-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(root)
	b := &reloadBench{root: root, packages: packages}
	if err := b.prepare(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := b.startEngine(ctx, 0); err != nil {
		cancel()
		if b.engineDone != nil {
			<-b.engineDone
		}
		return nil, err
	}
	res := &reloadResult{edits: edits, packages: packages, rate: rate}
	client := b.steadyClient(ctx, rate)
	err = res.alternate(b, edits)
	res.sent, res.failed = client.stop()
	cancel()
	if runErr := <-b.engineDone; err == nil {
		err = runErr
	}
	return res, err
}

// alternate makes the edits, half in place and half write-then-rename,
// each on the engine's copy and on the floor's, in an order that changes
// every two edits so that neither side always follows the other's work.
func (res *reloadResult) alternate(b *reloadBench, edits int) error {
	for i := range edits {
		rename := i%2 == 1
		sides := []func() error{
			func() error {
				d, err := b.engineEdit(i, rename)
				res.engine = append(res.engine, d)
				return err
			},
			func() error {
				d, err := b.floorEdit(i, rename)
				res.floor = append(res.floor, d)
				return err
			},
		}
		if i%4 >= 2 {
			slices.Reverse(sides)
		}
		for _, side := range sides {
			if err := side(); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "  reload edit %d/%d: engine %v, floor %v\n", i+1, edits,
			res.engine[i].Round(time.Millisecond), res.floor[i].Round(time.Millisecond))
	}
	return nil
}

// section returns the reload and dropped rows.
func (res *reloadResult) section() section {
	em, ep := percentile(res.engine, 50), percentile(res.engine, 90)
	fm, fp := percentile(res.floor, 50), percentile(res.floor, 90)
	ms := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	rm, rp := ratio(em, fm), ratio(ep, fp)
	return section{
		name: "reload",
		about: fmt.Sprintf("%d edits to a non-main package of a %d-package module (%d in place, %d write+rename); save → first response with the new code",
			res.edits, res.packages+2, (res.edits+1)/2, res.edits/2),
		rows: []row{
			{figure: "devserve engine + proxy, median / p90", value: ms(em) + " / " + ms(ep)},
			{figure: "floor (go build + start + request), median / p90", value: ms(fm) + " / " + ms(fp)},
			{figure: "ratio to the floor, median", value: fmt.Sprintf("%.3f×", rm), target: "≤ 1.05×", met: check(rm <= 1.05)},
			{figure: "ratio to the floor, p90", value: fmt.Sprintf("%.3f×", rp), target: "≤ 1.05×", met: check(rp <= 1.05)},
			{figure: fmt.Sprintf("dropped: failed requests at %d req/s across the rebuilds", res.rate),
				value: fmt.Sprintf("%d of %d", res.failed, res.sent), target: "0", met: check(res.failed == 0 && res.sent > 0), strict: true},
		},
	}
}
