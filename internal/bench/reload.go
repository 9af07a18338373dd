package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/devserve/devserve/proxy"
	"github.com/devserve/devserve/reloader"
)

// runReload measures save → first response with the new code through the
// reload engine, next to the floor measured in the same run: go build,
// start and first response, by hand, for the same kind of edit. A steady
// client requests the app through the proxy the whole time and counts
// failures.
func runReload(args []string) error {
	fs := flag.NewFlagSet("reload", flag.ContinueOnError)
	edits := fs.Int("edits", 20, "edits to a non-main package (half in place, half write-then-rename)")
	rate := fs.Int("rate", 20, "requests per second of the steady client")
	pkgs := fs.Int("packages", 12, "packages in the generated sample module")
	debounce := fs.Duration("debounce", 0, "the engine's debounce (0: its default)")
	keep := fs.Bool("keep", false, "keep the sample modules")
	if err := fs.Parse(args); err != nil {
		return err
	}
	root, err := os.MkdirTemp("", "devserve-bench-reload-")
	if err != nil {
		return err
	}
	if *keep {
		fmt.Println("sample modules in", root)
	} else {
		defer os.RemoveAll(root)
	}
	b := &reloadBench{root: root, packages: *pkgs}
	if err := b.prepare(); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := b.startEngine(ctx, *debounce); err != nil {
		return err
	}
	client := b.steadyClient(ctx, *rate)
	var engine, floor []time.Duration
	for i := range *edits {
		// Alternate the kind of edit, and which side goes first, so that
		// neither side always follows the other's work.
		rename := i%2 == 1
		sides := []func() error{
			func() error { d, err := b.engineEdit(i, rename); engine = append(engine, d); return err },
			func() error { d, err := b.floorEdit(i, rename); floor = append(floor, d); return err },
		}
		if i%4 >= 2 {
			slices.Reverse(sides)
		}
		for _, side := range sides {
			if err := side(); err != nil {
				return err
			}
		}
	}
	sent, failed := client.stop()
	cancel()
	if err := <-b.engineDone; err != nil {
		return err
	}
	printReload(*edits, *pkgs, engine, floor, sent, failed, *rate)
	// go build's own time varies most on a busy machine; what the engine
	// adds is the rest.
	fmt.Printf("  %-44s %9s %9s\n", "time outside go build, engine (median)",
		percentile(minus(engine, b.phases["engine build"]), 50).Round(time.Millisecond), "")
	fmt.Printf("  %-44s %9s %9s\n", "time outside go build, floor (median)",
		percentile(minus(floor, b.phases["floor build"]), 50).Round(time.Millisecond), "")
	fmt.Printf("  engine phases, median time from the save: building %v, built %v, old app stopped %v, new app started %v\n",
		percentile(b.phases["Building"], 50).Round(time.Millisecond),
		percentile(b.phases["Built"], 50).Round(time.Millisecond),
		percentile(b.phases["Stopped"], 50).Round(time.Millisecond),
		percentile(b.phases["Started"], 50).Round(time.Millisecond))
	return nil
}

// reloadBench holds the two copies of the sample module: one the engine
// runs, one built by hand for the floor.
type reloadBench struct {
	root     string
	packages int

	engineDir, floorDir string
	proxyURL            string
	engineDone          chan error

	mu      sync.Mutex // guards appAddr
	appAddr string     // the engine's app, from its Started events
	events  chan reloader.Event

	phases map[string][]time.Duration // engine edits: time from the save to each event
}

// prepare writes the sample module twice and fills the build cache.
func (b *reloadBench) prepare() error {
	b.engineDir, b.floorDir = filepath.Join(b.root, "engine"), filepath.Join(b.root, "floor")
	for _, dir := range []string{b.engineDir, b.floorDir} {
		if err := writeSample(dir, b.packages); err != nil {
			return err
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(b.root, "warm"+filepath.Base(dir)), ".")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("warming the build cache: %v\n%s", err, out)
		}
	}
	return nil
}

// writeSample generates a web app whose response comes from package lib,
// which imports the other packages.
func writeSample(dir string, n int) error {
	files := map[string]string{
		"go.mod": "module example.com/sample\n\ngo 1.26\n",
		"main.go": `package main

import (
	"fmt"
	"net/http"
	"os"

	"example.com/sample/lib"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, lib.Version()) })
	addr := os.Getenv("DEVSERVE_ADDR")
	if addr == "" {
		addr = "127.0.0.1:" + os.Getenv("PORT")
	}
	if err := http.ListenAndServe(addr, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`,
		"lib/version.go": libSource("start"),
	}
	var imports, calls strings.Builder
	for i := range n {
		name := fmt.Sprintf("pkg%02d", i)
		fmt.Fprintf(&imports, "\t\"example.com/sample/%s\"\n", name)
		fmt.Fprintf(&calls, "\tn += %s.F0(1)\n", name)
		var src strings.Builder
		fmt.Fprintf(&src, "package %s\n\nimport \"strings\"\n\n", name)
		for f := range 20 {
			fmt.Fprintf(&src, "// F%d does some work.\nfunc F%d(n int) int {\n\ts := strings.Repeat(\"x\", n%%7)\n\tfor i := range n %% 13 {\n\t\ts += strings.ToUpper(s[:i%%(len(s)+1)])\n\t}\n\treturn len(s) + %d\n}\n\n", f, f, f)
		}
		files[filepath.Join(name, name+".go")] = src.String()
	}
	files["lib/lib.go"] = "package lib\n\nimport (\n" + imports.String() + ")\n\n// Sum uses every package.\nfunc Sum() int {\n\tn := 0\n" + calls.String() + "\treturn n\n}\n"
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// libSource is lib/version.go serving version.
func libSource(version string) string {
	return fmt.Sprintf("package lib\n\n// Version names the code that runs.\nfunc Version() string { return %q }\n", version)
}

// save writes lib/version.go in dir, in place or through a temporary file
// renamed over it, as editors do.
func save(dir, version string, rename bool) error {
	name := filepath.Join(dir, "lib", "version.go")
	if !rename {
		return os.WriteFile(name, []byte(libSource(version)), 0o644)
	}
	tmp := filepath.Join(dir, "lib", ".version.go.swp")
	if err := os.WriteFile(tmp, []byte(libSource(version)), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// startEngine runs the engine on the engine's copy, with the proxy in
// front, and waits for the app.
func (b *reloadBench) startEngine(ctx context.Context, debounce time.Duration) error {
	px := new(proxy.Proxy)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: px}
	go srv.Serve(l)
	context.AfterFunc(ctx, func() { srv.Close() })
	b.proxyURL = "http://" + l.Addr().String() + "/"
	b.events = make(chan reloader.Event, 1024)
	e := &reloader.Engine{
		Dir:      b.engineDir,
		Debounce: debounce,
		Stdout:   io.Discard,
		Stderr:   os.Stderr,
		OnEvent: func(ev reloader.Event) {
			px.Handle(ev)
			if ev.Kind == reloader.Started {
				b.mu.Lock()
				b.appAddr = ev.Addr
				b.mu.Unlock()
			}
			b.events <- ev
		},
	}
	b.engineDone = make(chan error, 1)
	go func() { b.engineDone <- e.Run(ctx) }()
	return b.await(reloader.Ready, reloader.Watching)
}

// await waits until the engine has reported each of kinds, in any order,
// failing on a failed build or a crash.
func (b *reloadBench) await(kinds ...reloader.EventKind) error {
	timeout := time.After(2 * time.Minute)
	for len(kinds) > 0 {
		select {
		case ev := <-b.events:
			switch ev.Kind {
			case reloader.BuildFailed:
				return ev.Err
			case reloader.Crashed, reloader.NotListening:
				return fmt.Errorf("the sample app failed: %v %s", ev.Kind, ev.ExitStatus)
			}
			if i := slices.Index(kinds, ev.Kind); i >= 0 {
				kinds = slices.Delete(kinds, i, i+1)
			}
		case <-timeout:
			return fmt.Errorf("waiting for %v: timed out", kinds)
		}
	}
	return nil
}

// engineEdit saves an edit in the engine's copy and times it until the
// app answers with the new code. The client starts asking once the engine
// has started the new app (as the floor's client does once it started
// it), so that its requests do not compete with the build. It then waits
// for the engine to settle (its watch set recomputed), so that the floor
// runs on a quiet machine.
func (b *reloadBench) engineEdit(i int, rename bool) (time.Duration, error) {
	version := fmt.Sprintf("engine-%d", i)
	start := time.Now()
	if err := save(b.engineDir, version, rename); err != nil {
		return 0, err
	}
	timeout := time.After(2 * time.Minute)
	for started := false; !started; {
		select {
		case ev := <-b.events:
			switch ev.Kind {
			case reloader.BuildFailed:
				return 0, ev.Err
			case reloader.Building, reloader.Built, reloader.Stopped, reloader.Started:
				b.phase(ev.Kind.String(), ev.Time.Sub(start))
				started = ev.Kind == reloader.Started
			}
			if ev.Kind == reloader.Built {
				b.phase("engine build", ev.Duration)
			}
		case <-timeout:
			return 0, errors.New("the engine did not restart the app")
		}
	}
	err := poll(func() string {
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.appAddr
	}, version)
	took := time.Since(start)
	if err != nil {
		return 0, err
	}
	return took, b.await(reloader.Ready, reloader.Watching)
}

// phase records when, after a save, the engine reported an event.
func (b *reloadBench) phase(name string, d time.Duration) {
	if b.phases == nil {
		b.phases = make(map[string][]time.Duration)
	}
	b.phases[name] = append(b.phases[name], d)
}

// floorEdit saves the same kind of edit in the floor's copy, then builds,
// starts and requests the app by hand.
func (b *reloadBench) floorEdit(i int, rename bool) (time.Duration, error) {
	version := fmt.Sprintf("floor-%d", i)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	addr := l.Addr().String()
	l.Close()
	bin := filepath.Join(b.root, fmt.Sprintf("floor-%d", i))
	start := time.Now()
	if err := save(b.floorDir, version, rename); err != nil {
		return 0, err
	}
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = b.floorDir
	buildStart := time.Now()
	if out, err := build.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("floor build: %v\n%s", err, out)
	}
	b.phase("floor build", time.Since(buildStart))
	app := exec.Command(bin)
	app.Env = append(os.Environ(), "DEVSERVE_ADDR="+addr)
	if err := app.Start(); err != nil {
		return 0, err
	}
	defer func() {
		app.Process.Kill()
		app.Wait()
		os.Remove(bin)
	}()
	err = poll(func() string { return addr }, version)
	return time.Since(start), err
}

// pollEvery is how often a client asks for the new code: the same for the
// engine and the floor.
const pollEvery = 2 * time.Millisecond

// poll requests the app at addr() until it answers want.
func poll(addr func() string, want string) error {
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if resp, err := client.Get("http://" + addr() + "/"); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(body) == want {
				return nil
			}
		}
		time.Sleep(pollEvery)
	}
	return errors.New("the app never served " + want)
}

// steady is a client sending requests at a fixed rate.
type steady struct {
	cancel       context.CancelFunc
	wg           sync.WaitGroup
	sent, failed atomic.Int64
}

// steadyClient requests the proxy rate times a second until stopped, each
// request in its own goroutine so that one held request delays no other.
func (b *reloadBench) steadyClient(ctx context.Context, rate int) *steady {
	ctx, cancel := context.WithCancel(ctx)
	s := &steady{cancel: cancel}
	client := &http.Client{Timeout: time.Minute}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(time.Second / time.Duration(rate))
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.sent.Add(1)
				resp, err := client.Get(b.proxyURL)
				if err != nil {
					s.failed.Add(1)
					fmt.Fprintln(os.Stderr, "steady client:", err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					s.failed.Add(1)
					fmt.Fprintln(os.Stderr, "steady client:", resp.Status)
				}
			}()
		}
	}()
	return s
}

// stop ends the client once its requests have returned, and counts them.
func (s *steady) stop() (sent, failed int64) {
	s.cancel()
	s.wg.Wait()
	return s.sent.Load(), s.failed.Load()
}

// printReload prints the figures.
func printReload(edits, pkgs int, engine, floor []time.Duration, sent, failed int64, rate int) {
	em, ep := percentile(engine, 50), percentile(engine, 90)
	fm, fp := percentile(floor, 50), percentile(floor, 90)
	fmt.Printf("reload: %d edits to a non-main package of a %d-package sample module (%d in place, %d write+rename)\n",
		edits, pkgs+2, (edits+1)/2, edits/2)
	fmt.Printf("  %-44s %9s %9s\n", "save -> first response with the new code", "median", "p90")
	fmt.Printf("  %-44s %9s %9s\n", "engine (devserve reloader)", em.Round(time.Millisecond), ep.Round(time.Millisecond))
	fmt.Printf("  %-44s %9s %9s\n", "floor (go build + start + request, by hand)", fm.Round(time.Millisecond), fp.Round(time.Millisecond))
	fmt.Printf("  %-44s %8.3fx %8.3fx   (target <= 1.05x)\n", "ratio engine/floor", ratio(em, fm), ratio(ep, fp))
	paired := make([]time.Duration, len(engine)) // ratios scaled by 1000, to reuse percentile
	for i := range engine {
		paired[i] = time.Duration(1000 * ratio(engine[i], floor[i]))
	}
	fmt.Printf("  %-44s %8.3fx %8.3fx\n", "ratio of each edit to its floor edit", float64(percentile(paired, 50))/1000, float64(percentile(paired, 90))/1000)
	fmt.Printf("  steady client through the proxy at %d req/s: %d requests, %d failed (target 0)\n", rate, sent, failed)
}

// percentile returns the p-th percentile of ds (nearest rank).
func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	i := (p*len(s)+99)/100 - 1
	return s[max(i, 0)]
}

// minus returns a[i]-b[i] for each i.
func minus(a, b []time.Duration) []time.Duration {
	d := make([]time.Duration, min(len(a), len(b)))
	for i := range d {
		d[i] = a[i] - b[i]
	}
	return d
}

// ratio returns a/b.
func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
