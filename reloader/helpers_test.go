package reloader

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"iter"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// copyTree copies the testdata tree src into a new temporary directory and
// returns it.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, name)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// writeFile writes a file, creating its directory.
func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// engineRun is an Engine running in the background for one test.
type engineRun struct {
	t        *testing.T
	events   chan Event
	cancel   context.CancelFunc
	done     chan error
	pids     []int  // every app process the engine started
	lastAddr string // the address of the last Ready
}

// startEngine runs e until the test ends, collecting its events.
func startEngine(t *testing.T, e *Engine) *engineRun {
	t.Helper()
	er := &engineRun{t: t, events: make(chan Event, 4096), done: make(chan error, 1)}
	e.OnEvent = func(ev Event) {
		select {
		case er.events <- ev:
		default:
			t.Errorf("OnEvent: event channel full, dropped %v", ev.Kind)
		}
	}
	if e.Stdout == nil {
		e.Stdout = io.Discard
	}
	if e.Stderr == nil {
		e.Stderr = io.Discard
	}
	ctx, cancel := context.WithCancel(context.Background())
	er.cancel = cancel
	go func() { er.done <- e.Run(ctx) }()
	t.Cleanup(er.stop)
	return er
}

// stop cancels the engine and waits for Run to return.
func (er *engineRun) stop() {
	er.cancel()
	select {
	case err := <-er.done:
		if err != nil {
			er.t.Errorf("Run() = %v, want nil", err)
		}
		er.done <- nil // for a second stop
	case <-time.After(30 * time.Second):
		er.t.Fatal("Run did not return 30s after its context was canceled")
	}
}

// next waits for an event of kind, failing on a BuildFailed or Crashed
// that was not asked for, and returns it.
func (er *engineRun) next(kind EventKind) Event {
	er.t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case ev := <-er.events:
			er.see(ev)
			if ev.Kind == kind {
				return ev
			}
			if (ev.Kind == BuildFailed || ev.Kind == Crashed) && kind != BuildFailed && kind != Crashed {
				er.t.Fatalf("waiting for %v, got %v: %+v", kind, ev.Kind, ev)
			}
		case <-timeout:
			er.t.Fatalf("no %v event within 60s", kind)
		}
	}
}

// see records what the test needs of every event.
func (er *engineRun) see(ev Event) {
	switch ev.Kind {
	case Started:
		er.pids = append(er.pids, ev.PID)
	case Ready:
		er.lastAddr = ev.Addr
	}
}

// until yields the events up to and including the first of kind.
func (er *engineRun) until(kind EventKind) iter.Seq[Event] {
	return func(yield func(Event) bool) {
		timeout := time.After(60 * time.Second)
		for {
			select {
			case ev := <-er.events:
				er.see(ev)
				if !yield(ev) || ev.Kind == kind {
					return
				}
			case <-timeout:
				er.t.Fatalf("no %v event within 60s", kind)
			}
		}
	}
}

// fetch gets url and returns the body.
func fetch(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return strings.TrimSpace(string(body))
}

// buildFixture builds the program testdata/fixtures/name and returns its
// path.
func buildFixture(t *testing.T, name string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name+exeSuffix)
	cmd := exec.Command("go", "build", "-o", out, "./"+name)
	cmd.Dir = filepath.Join("testdata", "fixtures")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", name, err, msg)
	}
	return out
}

// lineWriter sends each complete line written to it on c.
type lineWriter struct {
	mu      sync.Mutex // guards partial
	partial []byte
	c       chan string
	skipped []string // lines pidLine read while it looked for another; the test's goroutine's
}

func newLineWriter() *lineWriter { return &lineWriter{c: make(chan string, 100)} }

func (lw *lineWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	lw.partial = append(lw.partial, p...)
	for {
		i := bytes.IndexByte(lw.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		lw.c <- string(lw.partial[:i])
		lw.partial = lw.partial[i+1:]
	}
}

// pidLine waits for a line "name PID" and returns the PID. The lines of
// processes come in any order: one read before is kept for its own call.
func (lw *lineWriter) pidLine(t *testing.T, name string) int {
	t.Helper()
	pid := func(l string) (int, bool) {
		rest, ok := strings.CutPrefix(l, name+" ")
		if !ok {
			return 0, false
		}
		pid, err := strconv.Atoi(rest)
		if err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		return pid, true
	}
	for i, l := range lw.skipped {
		if n, ok := pid(l); ok {
			lw.skipped = append(lw.skipped[:i], lw.skipped[i+1:]...)
			return n
		}
	}
	timeout := time.After(30 * time.Second)
	for {
		select {
		case l := <-lw.c:
			if n, ok := pid(l); ok {
				return n
			}
			lw.skipped = append(lw.skipped, l)
		case <-timeout:
			t.Fatalf("no %q line within 30s", name)
		}
	}
}

// awaitGone waits until the process pid is gone or a zombie, failing the
// test after 10s. A killed process dies a moment after kill returns, and a
// process that is not our child cannot be waited for: it is polled.
func awaitGone(t *testing.T, pid int, what string) {
	t.Helper()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	deadline := time.Now().Add(10 * time.Second)
	for processAlive(pid) {
		if time.Now().After(deadline) {
			t.Errorf("process %d still runs 10s %s", pid, what)
			return
		}
		<-tick.C
	}
}
