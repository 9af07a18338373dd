package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
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
// reload engine and proxy, next to the floor measured in the same run (go
// build, start and first response, by hand) and to air, edit by edit, on
// a one-package app and on a module. A steady client requests each
// long-running side the whole time and counts failures.
func runReload(args []string) error {
	fs := flag.NewFlagSet("reload", flag.ContinueOnError)
	var cfg reloadConfig
	fs.IntVar(&cfg.edits, "edits", 20, "edits to each app (half in place, half write-then-rename)")
	fs.IntVar(&cfg.rate, "rate", 20, "requests per second of each steady client")
	fs.IntVar(&cfg.packages, "packages", 14, "packages in the generated module, main and lib included")
	fs.StringVar(&cfg.apps, "app", "both", "the sample apps: one (a one-package app), module, or both")
	fs.BoolVar(&cfg.stream, "stream", true, "also measure the one-package app with an event stream held open")
	fs.BoolVar(&cfg.generate, "generate", true, "also measure a one-package app whose code a generator writes")
	fs.BoolVar(&cfg.air, "air", true, "also measure air, installed into a temporary GOBIN")
	fs.DurationVar(&cfg.debounce, "debounce", 0, "the engine's debounce (0: its default)")
	fs.BoolVar(&cfg.keep, "keep", false, "keep the sample apps and air's output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	results, err := measureReload(cfg)
	if err != nil {
		return err
	}
	var sections []section
	for _, res := range results {
		sections = append(sections, res.section())
	}
	if err := printText(os.Stdout, sections); err != nil {
		return err
	}
	for _, res := range results {
		res.printPhases(os.Stdout)
	}
	return nil
}

// A sample is a generated web app that answers every request with
// Version(), the function each edit changes. With one package, Version
// is in package main; with more, it is in package lib, which imports the
// others.
type sample struct {
	packages int  // main and lib included; 1 for a one-package app
	stream   bool // the app serves server-sent events at /events and shuts down gracefully
	generate bool // a generator writes version.go from version.txt, which the edits change
}

// String names the sample in the table.
func (s sample) String() string {
	if s.stream {
		return "1-package app, an event stream open, graceful shutdown"
	}
	if s.generate {
		return "1-package app whose code a generator writes"
	}
	if s.packages <= 1 {
		return "1-package app"
	}
	return fmt.Sprintf("%d-package module", s.packages)
}

// versionFile is the file that holds Version, relative to the module.
func (s sample) versionFile() string {
	if s.generate {
		return "version.txt"
	}
	if s.packages <= 1 {
		return "version.go"
	}
	return filepath.Join("lib", "version.go")
}

// versionSource is the source of versionFile serving version.
func (s sample) versionSource(version string) string {
	if s.generate {
		return version
	}
	pkg := "main"
	if s.packages > 1 {
		pkg = "lib"
	}
	return fmt.Sprintf("package %s\n\n// Version names the code that runs.\nfunc Version() string { return %q }\n", pkg, version)
}

// sampleMain is the sample's main.go, with %s for the import of lib and
// %s for the call of Version.
const sampleMain = `package main

import (
	"fmt"
	"net/http"
	"os"
%s)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, %s) })
	addr := os.Getenv("DEVSERVE_ADDR")
	if addr == "" {
		addr = "127.0.0.1:" + os.Getenv("PORT")
	}
	if err := http.ListenAndServe(addr, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// streamMain is main.go of the stream sample: Version at /, an endless
// server-sent event stream at /events, and a graceful shutdown of 10s on
// SIGTERM, which an open stream would hold for its whole length.
const streamMain = `package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, Version()) })
	http.HandleFunc("/events", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for {
			fmt.Fprintf(w, "data: %s\n\n", Version())
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(time.Second):
			}
		}
	})
	srv := &http.Server{Addr: os.Getenv("DEVSERVE_ADDR")}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// generatorMain is the generator of the generate sample: it writes
// version.go, serving the text of version.txt, in the current directory.
const generatorMain = `package main

import (
	"fmt"
	"os"
)

func main() {
	v, err := os.ReadFile("version.txt")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	src := fmt.Sprintf("package main\n\n// Version names the code that runs.\nfunc Version() string { return %q }\n", v)
	if err := os.WriteFile("version.go", []byte(src), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// generator returns the path of the generate sample's generator, built
// under root.
func generator(root string) string { return filepath.Join(root, "generator"+exeSuffix) }

// buildGenerator builds the generate sample's generator under root.
func buildGenerator(root string) error {
	dir := filepath.Join(root, "generator-src")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, content := range map[string]string{"go.mod": "module generator\n\ngo 1.26\n", "main.go": generatorMain} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return err
		}
	}
	cmd := exec.Command("go", "build", "-o", generator(root), ".")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the generator: %v\n%s", err, out)
	}
	return nil
}

// write writes the sample into dir.
func (s sample) write(dir string) error {
	files := map[string]string{
		"go.mod":        "module example.com/sample\n\ngo 1.26\n",
		"main.go":       fmt.Sprintf(sampleMain, "", "Version()"),
		s.versionFile(): s.versionSource("start"),
	}
	if s.packages > 1 {
		files["main.go"] = fmt.Sprintf(sampleMain, "\n\t\"example.com/sample/lib\"\n", "lib.Version()")
		maps.Copy(files, libPackages(s.packages-2))
	}
	if s.stream {
		files["main.go"] = streamMain
	}
	if s.generate {
		files["version.go"] = sample{packages: 1}.versionSource("start")
	}
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

// libPackages returns the files of package lib and of the n packages it
// imports, each with some work for the compiler.
func libPackages(n int) map[string]string {
	files := make(map[string]string)
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
	return files
}

// save writes versionFile in dir, in place or through a temporary file
// renamed over it, as editors do.
func (s sample) save(dir, version string, rename bool) error {
	name := filepath.Join(dir, s.versionFile())
	if !rename {
		return os.WriteFile(name, []byte(s.versionSource(version)), 0o644)
	}
	tmp := filepath.Join(filepath.Dir(name), ".version.go.swp")
	if err := os.WriteFile(tmp, []byte(s.versionSource(version)), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// reloadBench holds the copies of a sample that the sides of a reload
// benchmark edit, each in a directory of its own under root.
type reloadBench struct {
	root   string
	sample sample

	engineDir, floorDir string
	proxyURL            string
	engineDone          chan error

	mu      sync.Mutex // guards appAddr
	appAddr string     // the engine's app, from its Started events
	events  chan reloader.Event

	phases  map[string][]time.Duration // time from the save to each engine event, and each side's go build
	readyAt time.Time                  // when the engine last reported Ready
}

// prepare writes the engine's copy of the sample and the floor's.
func (b *reloadBench) prepare() error {
	var err error
	if b.sample.generate {
		if err := buildGenerator(b.root); err != nil {
			return err
		}
	}
	if b.engineDir, err = b.writeCopy("engine"); err != nil {
		return err
	}
	b.floorDir, err = b.writeCopy("floor")
	return err
}

// writeCopy writes the sample into the directory name under root and
// builds it once, which fills the build cache for that directory.
func (b *reloadBench) writeCopy(name string) (string, error) {
	dir := filepath.Join(b.root, name)
	if err := b.sample.write(dir); err != nil {
		return "", err
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(b.root, "warm-"+name+exeSuffix), ".")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("warming the build cache: %v\n%s", err, out)
	}
	return dir, nil
}

// startEngine serves the engine's copy through the engine, with the proxy
// in front, until ctx is cancelled, and waits for the app.
func (b *reloadBench) startEngine(ctx context.Context, debounce time.Duration) (side, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return side{}, err
	}
	px := new(proxy.Proxy)
	b.proxyURL = "http://" + l.Addr().String() + "/"
	b.events = make(chan reloader.Event, 1024)
	var gens []reloader.Generator
	if b.sample.generate {
		gens = []reloader.Generator{{Run: generator(b.root), Watch: []string{"version.txt"}, Output: io.Discard}}
	}
	e := &reloader.Engine{
		Generate: gens,
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
	go func() { b.engineDone <- e.Serve(ctx, &http.Server{Handler: px}, l, time.Second) }()
	s := side{name: "devserve", url: b.proxyURL, edit: b.engineEdit, wait: func() error { return <-b.engineDone }}
	return s, b.await(reloader.Ready, reloader.Watching)
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
			if ev.Kind == reloader.Ready {
				b.readyAt = ev.Time
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
// for the engine to settle (its watch set recomputed), so that the next
// side runs on a quiet machine.
func (b *reloadBench) engineEdit(i int, rename bool) (time.Duration, error) {
	version := fmt.Sprintf("engine-%d", i)
	start := time.Now()
	if err := b.sample.save(b.engineDir, version, rename); err != nil {
		return 0, err
	}
	waited := b.agentWait()
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
	if err := b.await(reloader.Ready, reloader.Watching); err != nil {
		return 0, err
	}
	select {
	case at := <-waited:
		b.phase("wait after Ready", at.Sub(b.readyAt))
	case <-time.After(time.Minute):
		return 0, errors.New("the agents' wait did not return a minute after the app was ready")
	}
	return took, nil
}

// agentWait asks the proxy's agents' API to wait for the outcome of the
// change just saved, as a coding agent does right after saving, and
// returns a channel that receives when the answer came.
func (b *reloadBench) agentWait() <-chan time.Time {
	at := make(chan time.Time, 1)
	go func() {
		resp, err := http.Get(b.proxyURL + "__devserve/api/wait?timeout=60s")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		at <- time.Now()
	}()
	return at
}

// phase records when, after a save, the engine reported an event, or how
// long a go build took.
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
	addr, err := freeAddr()
	if err != nil {
		return 0, err
	}
	bin := filepath.Join(b.root, fmt.Sprintf("floor-%d%s", i, exeSuffix))
	start := time.Now()
	if err := b.sample.save(b.floorDir, version, rename); err != nil {
		return 0, err
	}
	if b.sample.generate {
		gen := exec.Command(generator(b.root))
		gen.Dir = b.floorDir
		if out, err := gen.CombinedOutput(); err != nil {
			return 0, fmt.Errorf("floor generator: %v\n%s", err, out)
		}
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

// freeAddr returns a loopback address with a port that was free just now.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// pollEvery is how often a client asks for the new code: the same for
// every side.
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

// steadyClient requests url rate times a second until stopped, each
// request in its own goroutine so that one held request delays no other,
// and writes each failure to log.
func steadyClient(ctx context.Context, url string, rate int, log io.Writer) *steady {
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
				resp, err := client.Get(url)
				if err != nil {
					s.failed.Add(1)
					fmt.Fprintln(log, "steady client:", err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					s.failed.Add(1)
					fmt.Fprintln(log, "steady client:", resp.Status)
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

// percentile returns the p-th percentile of s (nearest rank), or zero.
func percentile[T cmp.Ordered](s []T, p int) T {
	s = slices.Clone(s)
	slices.Sort(s)
	if len(s) == 0 {
		var zero T
		return zero
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

// ratios returns a[i]/b[i] for each i.
func ratios(a, b []time.Duration) []float64 {
	r := make([]float64, min(len(a), len(b)))
	for i := range r {
		r[i] = ratio(a[i], b[i])
	}
	return r
}

// ratio returns a/b.
func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
