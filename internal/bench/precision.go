package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/devserve/devserve/reloader"
)

// precisionApp is the main package of the precision benchmark's module:
// it serves an embedded page of package lib and a name from a module
// replaced by a directory outside the module's root.
const precisionApp = `package main

import (
	"fmt"
	"net/http"
	"os"

	"example.com/app/lib"
	"example.com/ext"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, lib.Page, ext.Name(), marker) })
	if err := http.ListenAndServe(os.Getenv("DEVSERVE_ADDR"), nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// precisionFiles are the files of the precision benchmark, relative to
// its root: the module in app/, the replaced module in ext/.
var precisionFiles = map[string]string{
	"app/go.mod":           "module example.com/app\n\ngo 1.26\n\nrequire example.com/ext v0.0.0\n\nreplace example.com/ext => ../ext\n",
	"app/main.go":          precisionApp,
	"app/marker.go":        markerSource(0),
	"app/README.md":        "# app\n",
	"app/lib/lib.go":       "package lib\n\nimport _ \"embed\"\n\n// Page is the page the app serves.\n//\n//go:embed page.html\nvar Page string\n",
	"app/lib/page.html":    "<p>page</p>\n",
	"app/lib/lib_test.go":  "package lib\n\nimport \"testing\"\n\nfunc TestPage(t *testing.T) {}\n",
	"app/unused/unused.go": "// Package unused is imported by nothing.\npackage unused\n",
	"ext/go.mod":           "module example.com/ext\n\ngo 1.26\n",
	"ext/ext.go":           "// Package ext is a module replaced by a directory.\npackage ext\n\n// Name names the module.\nfunc Name() string { return \"ext\" }\n",
}

// markerSource is app/marker.go at edit n: the edit that follows each
// irrelevant one, whose rebuild shows that the engine saw the files.
func markerSource(n int) string {
	return fmt.Sprintf("package main\n\nconst marker = %d\n", n)
}

// An edit is a change to a file of the precision module and how many
// rebuilds it must cause.
type edit struct {
	about string
	file  string // relative to the benchmark's root, slash-separated
	apply func(name string) error
	want  int
}

// appendLine adds a line to a file, as an in-place save does.
func appendLine(name string) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString("// edited\n")
	if err2 := f.Close(); err == nil {
		err = err2
	}
	return err
}

// createFile creates a file, as an editor's temporary or backup file.
func createFile(name string) error { return os.WriteFile(name, []byte("temporary\n"), 0o644) }

// createRemove creates a file and removes it, as vim does with 4913 to
// test that it can write in a directory.
func createRemove(name string) error {
	if err := createFile(name); err != nil {
		return err
	}
	return os.Remove(name)
}

// precisionEdits are the edits the benchmark makes, irrelevant ones
// first.
var precisionEdits = []edit{
	{"README.md", "app/README.md", appendLine, 0},
	{"a _test.go file", "app/lib/lib_test.go", appendLine, 0},
	{"a package outside the graph", "app/unused/unused.go", appendLine, 0},
	{"a new file in a package outside the graph", "app/unused/new.go", createFile, 0},
	{"editor swap file (vim .swp)", "app/lib/.lib.go.swp", createFile, 0},
	{"editor backup file (lib.go~)", "app/lib/lib.go~", createFile, 0},
	{"vim's write test file (4913, created and removed)", "app/lib/4913", createRemove, 0},
	{"emacs lock file (.#lib.go)", "app/lib/.#lib.go", createFile, 0},
	{"emacs autosave file (#lib.go#)", "app/lib/#lib.go#", createFile, 0},
	{"an embedded asset", "app/lib/page.html", appendLine, 1},
	{"a file in a local replace module outside the root", "ext/ext.go", appendLine, 1},
}

// runPrecision prints the precision figures.
func runPrecision(args []string) error {
	fs := flag.NewFlagSet("precision", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := measurePrecision()
	if err != nil {
		return err
	}
	if err := printText(os.Stdout, []section{s}); err != nil {
		return err
	}
	if failed := failedCounts([]section{s}); len(failed) > 0 {
		return fmt.Errorf("counts that must hold do not: %s", strings.Join(failed, "; "))
	}
	return nil
}

// precisionBench drives a real engine on the precision module and counts
// the builds each edit causes.
type precisionBench struct {
	root    string
	events  chan reloader.Event
	markers int
}

// measurePrecision makes each edit and returns a row per edit with the
// number of Building events that named it.
func measurePrecision() (section, error) {
	s := section{name: "precision", about: "rebuilds (Building events) caused by each edit, counted on a real engine"}
	root, err := os.MkdirTemp("", "devserve-bench-precision-")
	if err != nil {
		return s, err
	}
	defer os.RemoveAll(root)
	p := &precisionBench{root: root, events: make(chan reloader.Event, 1024)}
	for name, text := range precisionFiles {
		if err := writeFile(filepath.Join(root, filepath.FromSlash(name)), text); err != nil {
			return s, err
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &reloader.Engine{
		Dir:     filepath.Join(root, "app"),
		Stdout:  io.Discard,
		Stderr:  io.Discard,
		OnEvent: func(ev reloader.Event) { p.events <- ev },
	}
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	err = p.editAll(&s)
	cancel()
	if runErr := <-done; err == nil {
		err = runErr
	}
	return s, err
}

// editAll waits for the first build, then makes every edit.
func (p *precisionBench) editAll(s *section) error {
	if err := p.settle(); err != nil {
		return fmt.Errorf("first build: %w", err)
	}
	for _, ed := range precisionEdits {
		n, err := p.count(ed)
		if err != nil {
			return fmt.Errorf("%s: %w", ed.about, err)
		}
		target := "0"
		if ed.want != 0 {
			target = fmt.Sprint(ed.want)
		}
		s.rows = append(s.rows, row{figure: ed.about, value: fmt.Sprint(n), target: target, met: check(n == ed.want), strict: true})
	}
	return nil
}

// count makes ed and returns the builds it caused. A relevant edit's
// cycle is awaited before the marker is edited; an irrelevant one is
// followed by the marker at once: had it been taken for a change, the
// marker's build (or one before it) would name it.
func (p *precisionBench) count(ed edit) (int, error) {
	if err := ed.apply(filepath.Join(p.root, filepath.FromSlash(ed.file))); err != nil {
		return 0, err
	}
	n := 0
	if ed.want > 0 {
		k, err := p.until(ed.file, ed.file)
		if err != nil {
			return 0, err
		}
		n += k
	}
	p.markers++
	if err := writeFile(filepath.Join(p.root, "app", "marker.go"), markerSource(p.markers)); err != nil {
		return 0, err
	}
	k, err := p.until("app/marker.go", ed.file)
	return n + k, err
}

// until reads events until a build names file and its cycle is over, and
// returns the builds that named counted, or named neither file nor the
// marker (a build no edit explains).
func (p *precisionBench) until(file, counted string) (int, error) {
	n := 0
	timeout := time.After(2 * time.Minute)
	for {
		select {
		case ev := <-p.events:
			if err := failure(ev); err != nil {
				return n, err
			}
			if ev.Kind != reloader.Building {
				continue
			}
			names, marker := p.names(ev.Changed, counted), p.names(ev.Changed, "app/marker.go")
			if names || !marker {
				n++
			}
			if p.names(ev.Changed, file) {
				return n, p.settle()
			}
		case <-timeout:
			return n, fmt.Errorf("no build named %s", file)
		}
	}
}

// names reports whether changed, the files an event names (relative to
// the module root when possible), holds file.
func (p *precisionBench) names(changed []string, file string) bool {
	abs := filepath.Join(p.root, filepath.FromSlash(file))
	rel := strings.TrimPrefix(file, "app/")
	return slices.ContainsFunc(changed, func(c string) bool {
		return c == abs || filepath.ToSlash(c) == rel
	})
}

// settle waits for the running cycle to end: the app ready and the watch
// set recomputed.
func (p *precisionBench) settle() error {
	want := []reloader.EventKind{reloader.Ready, reloader.Watching}
	timeout := time.After(2 * time.Minute)
	for len(want) > 0 {
		select {
		case ev := <-p.events:
			if err := failure(ev); err != nil {
				return err
			}
			if i := slices.Index(want, ev.Kind); i >= 0 {
				want = slices.Delete(want, i, i+1)
			}
		case <-timeout:
			return fmt.Errorf("waiting for %v: timed out", want)
		}
	}
	return nil
}

// failure returns an error for an event that means the sample app is
// broken: a failed build or a crash.
func failure(ev reloader.Event) error {
	switch ev.Kind {
	case reloader.BuildFailed:
		if ev.Err != nil {
			return ev.Err
		}
		return errors.New("build failed")
	case reloader.Crashed, reloader.NotListening:
		return fmt.Errorf("the sample app failed: %v %s", ev.Kind, ev.ExitStatus)
	}
	return nil
}

// writeFile writes text to name, making its directory.
func writeFile(name, text string) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, []byte(text), 0o644)
}
