package reloader

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// TestEngineNotListening runs an app that never listens: the engine
// reports it once, and does not restart it.
func TestEngineNotListening(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	stdinR, stdinW := io.Pipe()
	defer stdinW.Close()
	out := newLineWriter()
	er := startEngine(t, &Engine{Dir: dir, Package: "./quiet", ReadyTimeout: 200 * time.Millisecond, Stdin: stdinR, Stdout: out})
	started := er.next(Started)
	nl := er.next(NotListening)
	if nl.Addr != started.Addr || !strings.HasPrefix(nl.Addr, "127.0.0.1:") {
		t.Errorf("NotListening.Addr = %q, want the address the app was given (%q) on loopback", nl.Addr, started.Addr)
	}
	// Stdin reaches the app.
	if _, err := io.WriteString(stdinW, "hello\n"); err != nil {
		t.Fatal(err)
	}
	for l := range out.c {
		if l == "echo hello" {
			break
		}
	}
	er.stop()
	for ev := range drain(er.events) {
		if ev.Kind == Started {
			t.Errorf("after NotListening the engine started the app again: %+v", ev)
		}
	}
}

// drain yields the events already delivered.
func drain(c chan Event) func(func(Event) bool) {
	return func(yield func(Event) bool) {
		for {
			select {
			case ev := <-c:
				if !yield(ev) {
					return
				}
			default:
				return
			}
		}
	}
}

// failingWatcher is a watcher whose watch fails, as fsnotify does when
// the watch limit is reached.
type failingWatcher struct{ err error }

func (fw failingWatcher) watch([]string) error          { return fw.err }
func (fw failingWatcher) events() <-chan fsnotify.Event { return nil }
func (fw failingWatcher) errors() <-chan error          { return nil }
func (fw failingWatcher) affects(fsnotify.Event) bool   { return false }
func (fw failingWatcher) mode() string                  { return "fsnotify" }
func (fw failingWatcher) close() error                  { return nil }

// TestWatchFallback checks that a watch error switches the engine to
// polling and says why, naming the watch limit when that is the cause.
func TestWatchFallback(t *testing.T) {
	tests := []struct {
		err  error
		want string // in the reason
	}{
		{syscall.ENOSPC, "watch limit"},
		{errors.New("operation not supported"), "operation not supported"},
	}
	for _, tt := range tests {
		var got []Event
		r := &runner{
			e:   &Engine{OnEvent: func(ev Event) { got = append(got, ev) }},
			set: &watchSet{dirs: map[string]bool{t.TempDir(): true}, files: map[string]bool{"a.go": true}},
			w:   failingWatcher{err: (&notifyWatcher{}).wrap("/d", tt.err)},
		}
		r.rewatch()
		if r.w.mode() != "poll" || len(got) != 1 || got[0].Kind != Watching || got[0].Mode != "poll" ||
			!strings.Contains(got[0].Reason, tt.want) || got[0].Files != 1 {
			t.Errorf("rewatch with a watcher failing with %v: mode %q, events %+v; want poll, one Watching event with a reason saying %q",
				tt.err, r.w.mode(), got, tt.want)
		}
		r.w.close()
	}
}

// TestEngineLateListener runs an app that listens only after the
// readiness timeout: NotListening, then Ready when it finally does.
func TestEngineLateListener(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	er := startEngine(t, &Engine{Dir: dir, Package: "./quiet", Args: []string{"-listen-after", "400ms"},
		ReadyTimeout: 50 * time.Millisecond})
	nl := er.next(NotListening)
	if ready := er.next(Ready); ready.Addr != nl.Addr || ready.Duration < 400*time.Millisecond {
		t.Errorf("Ready = %s after %v, want %s after at least 400ms", ready.Addr, ready.Duration, nl.Addr)
	}
}

// TestEngineAppAddr runs an app on an address of the user's choosing: the
// engine hands down no PORT, and reports the address to reach the app at.
func TestEngineAppAddr(t *testing.T) {
	free, err := freeAddr("")
	if err != nil {
		t.Fatal(err)
	}
	port := free[strings.LastIndexByte(free, ':')+1:]
	dir := copyTree(t, "testdata/app")
	er := startEngine(t, &Engine{Dir: dir, AppAddr: ":" + port, Env: []string{"DEVSERVE_ADDR=:" + port}})
	if ready := er.next(Ready); ready.Addr != "127.0.0.1:"+port {
		t.Errorf("Ready.Addr = %q, want 127.0.0.1:%s", ready.Addr, port)
	}
	if got := fetch(t, "http://127.0.0.1:"+port+"/"); got != "v1" {
		t.Errorf("GET / = %q, want v1", got)
	}
}

// TestEngineRestart checks that Restart rebuilds and restarts the app
// without a change of its files, and that the new process answers.
func TestEngineRestart(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	e := &Engine{Dir: dir}
	er := startEngine(t, e)
	er.next(Ready)
	first := er.pids[len(er.pids)-1]

	e.Restart()
	if b := er.next(Building); len(b.Changed) != 0 {
		t.Errorf("Building.Changed after Restart = %q, want none", b.Changed)
	}
	er.next(Built)
	addr := er.next(Ready).Addr
	if pid := er.pids[len(er.pids)-1]; pid == first {
		t.Errorf("after Restart, the app is still process %d, want a new one", pid)
	}
	if got := fetch(t, "http://"+addr+"/"); got != "v1" {
		t.Errorf("after Restart, GET / = %q, want v1", got)
	}
}
