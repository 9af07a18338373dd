package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// reloadConfig says what the reload benchmark measures.
type reloadConfig struct {
	edits    int           // edits to each sample
	rate     int           // requests per second of each steady client
	packages int           // packages of the module sample
	apps     string        // the samples: "one", "module" or "both"
	air      bool          // also measure air, with its defaults and with its proxy on
	stream   bool          // also measure the one-package app with an event stream open
	generate bool          // also measure a one-package app whose code a generator writes
	debounce time.Duration // the engine's; 0 for its default
	keep     bool          // keep the samples and air's output
}

// samples returns the samples cfg.apps names.
func (cfg reloadConfig) samples() ([]sample, error) {
	one, module := sample{packages: 1}, sample{packages: cfg.packages}
	var samples []sample
	switch cfg.apps {
	case "one":
		samples = []sample{one}
	case "module":
		samples = []sample{module}
	case "both":
		samples = []sample{one, module}
	default:
		return nil, fmt.Errorf("-app %q: want one, module or both", cfg.apps)
	}
	if cfg.stream {
		samples = append(samples, sample{packages: 1, stream: true})
	}
	if cfg.generate {
		samples = append(samples, sample{packages: 1, generate: true})
	}
	return samples, nil
}

// sideResult is what one side of the reload benchmark measured.
type sideResult struct {
	name         string
	took         []time.Duration // each edit's save → first response with the new code
	sent, failed int64           // its steady client's requests, if it had one
}

// reloadResult is what the reload benchmark measured on one sample: the
// engine and proxy first, the floor second, then air's sides, if any.
type reloadResult struct {
	sample  sample
	edits   int
	rate    int
	sides   []sideResult
	airNote string                     // why air was not measured, if it was not
	phases  map[string][]time.Duration // from reloadBench
}

// measureReload installs air if asked, then measures each sample.
func measureReload(cfg reloadConfig) ([]*reloadResult, error) {
	samples, err := cfg.samples()
	if err != nil {
		return nil, err
	}
	root, err := os.MkdirTemp("", "devserve-bench-reload-")
	if err != nil {
		return nil, err
	}
	if cfg.keep {
		fmt.Fprintln(os.Stderr, "sample apps in", root)
	} else {
		defer os.RemoveAll(root)
	}
	air, airNote := "", "not measured (-air=false; -short leaves air out unless -air is given)"
	if cfg.air {
		if air, err = installAir(root); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			airNote = "not measured: go install " + airModule + " failed"
		}
	}
	var results []*reloadResult
	for _, s := range samples {
		fmt.Fprintf(os.Stderr, "  reload, %v:\n", s)
		b := &reloadBench{root: filepath.Join(root, fmt.Sprintf("%d-%t-%t", s.packages, s.stream, s.generate)), sample: s}
		sideAir := air
		if s.stream || s.generate {
			sideAir = "" // air is measured on the plain samples
		}
		res, err := b.measure(cfg, sideAir)
		if err != nil {
			return nil, fmt.Errorf("%v: %w", s, err)
		}
		if air == "" {
			res.airNote = airNote
		} else if s.stream || s.generate {
			res.airNote = "measured on the plain samples"
		}
		results = append(results, res)
	}
	return results, nil
}

// measure runs every side on its copy of the sample (air's only if air,
// its executable, is not empty), a steady client against each that has
// an address, and the edits.
func (b *reloadBench) measure(cfg reloadConfig, air string) (res *reloadResult, err error) {
	if err := b.prepare(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	var sides []side
	defer func() {
		cancel()
		for _, s := range sides {
			if s.wait == nil {
				continue
			}
			if waitErr := s.wait(); err == nil {
				err = waitErr
			}
		}
	}()
	start := []func() (side, error){
		func() (side, error) { return b.startEngine(ctx, cfg.debounce) },
		func() (side, error) { return side{name: "floor", edit: b.floorEdit}, nil },
	}
	if air != "" {
		start = append(start,
			func() (side, error) { return b.startAir(ctx, air, false) },
			func() (side, error) { return b.startAir(ctx, air, true) })
	}
	for _, f := range start {
		s, err := f()
		sides = append(sides, s) // to be waited for, even if it failed to start
		if err != nil {
			return nil, err
		}
	}
	clients := make([]*steady, len(sides))
	for i, s := range sides {
		if s.url != "" {
			log := io.Discard // air's failures are counted, not told
			if s.name == "devserve" {
				log = os.Stderr
			}
			clients[i] = steadyClient(ctx, s.url, cfg.rate, log)
		}
	}
	if b.sample.stream {
		go holdStream(ctx, b.proxyURL+"events")
	}
	took, err := pairEdits(sides, cfg.edits, os.Stderr)
	res = &reloadResult{sample: b.sample, edits: cfg.edits, rate: cfg.rate, phases: b.phases}
	for i, s := range sides {
		r := sideResult{name: s.name}
		if took != nil {
			r.took = took[i]
		}
		if clients[i] != nil {
			r.sent, r.failed = clients[i].stop()
		}
		res.sides = append(res.sides, r)
	}
	return res, err
}

// section returns the sample's rows: each side's times, the engine's
// ratios to the floor and to air, edit by edit, and failed requests.
func (res *reloadResult) section() section {
	ms := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	x := func(f float64) string { return fmt.Sprintf("%.3f×", f) }
	labels := map[string]string{
		"devserve": "devserve engine + proxy",
		"floor":    "floor (go build + start + request)",
	}
	var rows []row
	for _, s := range res.sides {
		rows = append(rows, row{figure: cmp.Or(labels[s.name], s.name) + ", median / p90",
			value: ms(percentile(s.took, 50)) + " / " + ms(percentile(s.took, 90))})
	}
	if res.airNote != "" {
		rows = append(rows, row{figure: "air", value: res.airNote})
	}
	dev, floor := res.sides[0], res.sides[1]
	paired := ratios(dev.took, floor.took)
	rm, rp := percentile(paired, 50), percentile(paired, 90)
	rows = append(rows,
		row{figure: "devserve / floor, same edit, median", value: x(rm), target: "≤ 1.03×", met: check(rm <= 1.03)},
		row{figure: "devserve / floor, same edit, p90", value: x(rp), target: "≤ 1.08×", met: check(rp <= 1.08)})
	for _, air := range res.sides[2:] {
		m := percentile(ratios(dev.took, air.took), 50)
		rows = append(rows, row{figure: "devserve / " + air.name + ", same edit, median", value: x(m), target: "≤ 0.50×", met: check(m <= 0.5)})
	}
	if w := res.phases["wait after Ready"]; len(w) > 0 {
		m := percentile(w, 50)
		rows = append(rows, row{figure: "agents' wait (/__devserve/api/wait, asked right after the save) returns after Ready, median",
			value: m.Round(100 * time.Microsecond).String(), target: "≤ 20ms", met: check(m <= 20*time.Millisecond)})
	}
	rows = append(rows, row{figure: fmt.Sprintf("dropped: failed requests through devserve at %d req/s across the rebuilds", res.rate),
		value: fmt.Sprintf("%d of %d", dev.failed, dev.sent), target: "0", met: check(dev.failed == 0 && dev.sent > 0), strict: true})
	for _, air := range res.sides[2:] {
		rows = append(rows, row{figure: fmt.Sprintf("failed requests through %s at %d req/s", air.name, res.rate),
			value: fmt.Sprintf("%d of %d", air.failed, air.sent)})
	}
	where := "a non-main package"
	if res.sample.packages <= 1 {
		where = "the main package"
	}
	return section{
		name: "reload, " + res.sample.String(),
		about: fmt.Sprintf("%d edits to %s (%d in place, %d write+rename), each timed on every side in rotating order; save → first response with the new code",
			res.edits, where, (res.edits+1)/2, res.edits/2),
		rows: rows,
	}
}

// printPhases writes where the engine's time goes: what it adds outside
// go build (whose own time varies most on a busy machine), next to the
// floor's, and when it reported each event after the save.
func (res *reloadResult) printPhases(w io.Writer) {
	ms := func(ds []time.Duration) time.Duration { return percentile(ds, 50).Round(time.Millisecond) }
	fmt.Fprintf(w, "%v, medians: time outside go build: devserve %v, floor %v; devserve's events after the save: building %v, built %v, old app stopped %v, new app started %v\n",
		res.sample, ms(minus(res.sides[0].took, res.phases["engine build"])), ms(minus(res.sides[1].took, res.phases["floor build"])),
		ms(res.phases["Building"]), ms(res.phases["Built"]), ms(res.phases["Stopped"]), ms(res.phases["Started"]))
}

// holdStream keeps an event stream of url open until ctx is done, as a
// browser tab does: it reads it, and opens it again when it ends.
func holdStream(ctx context.Context, url string) {
	for ctx.Err() == nil {
		req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
		if err != nil {
			return
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		select {
		case <-ctx.Done():
		case <-time.After(10 * time.Millisecond):
		}
	}
}
