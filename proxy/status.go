package proxy

import (
	"slices"
	"sync"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

// State is what the app is doing, as the agents' API names it.
type State string

// The states of the app. Building and starting are on the way to an
// outcome; the others are outcomes, which last until the next change.
const (
	StateBuilding     State = "building"      // a build runs (the previous app, if any, keeps serving)
	StateStarting     State = "starting"      // the app was stopped or started and does not accept connections yet
	StateRunning      State = "running"       // the app accepts connections
	StateBuildFailed  State = "build failed"  // the last build failed; no app runs
	StateCrashed      State = "crashed"       // the app exited on its own
	StateNotListening State = "not listening" // the app runs but does not accept connections where devserve expects
)

// Status is what the app is doing and what led to it.
type Status struct {
	State      State     `json:"state"`
	Since      time.Time `json:"since" jsonschema:"when the app entered this state"`
	PublicAddr string    `json:"public_addr,omitempty" jsonschema:"the address devserve serves the app on: open this one"`
	AppAddr    string    `json:"app_addr,omitempty" jsonschema:"the private address the app itself listens on"`
	PID        int       `json:"pid,omitempty" jsonschema:"the app's process ID, while it runs"`
	Cycle      int       `json:"cycle" jsonschema:"counts the builds and restarts since devserve started"`
	LastBuild  *Build    `json:"last_build,omitempty"`
}

// Build describes one build of the app.
type Build struct {
	Started    time.Time `json:"started"`
	DurationMS int64     `json:"duration_ms" jsonschema:"how long the build took; 0 while it runs"`
	Changed    []string  `json:"changed" jsonschema:"the files whose change started it, relative to the module root; empty for the first build and a restart asked for"`
	Failed     bool      `json:"failed,omitempty"`
}

// maxPanics is how many handler panics the agents' API remembers.
const maxPanics = 20

// tracker follows the engine's events for the agents' API: the app's
// Status, the report of the failure that is its outcome, and the last
// handler panics. Its methods do no I/O and read no clock (events carry
// their time); its zero value is the state before the first event: the
// first build under way.
type tracker struct {
	mu      sync.Mutex // guards the fields below
	st      Status
	pending bool              // a cycle is under way: its outcome is to come
	builds  int               // Building events seen
	report  *debugpage.Report // the outcome's failure: build error, crash, not listening
	panics  []*debugpage.Report
	changed chan struct{} // closed at every change, then replaced
}

// snapshot is one reading of a tracker.
type snapshot struct {
	status  Status
	pending bool
	builds  int
	report  *debugpage.Report
}

// outcome reports whether s is an outcome, not a cycle under way.
func (s snapshot) outcome() bool { return !s.pending }

// read returns the tracker's state and a channel closed at its next
// change.
func (t *tracker) read() (snapshot, <-chan struct{}) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.initLocked()
	return snapshot{status: t.status(), pending: t.pending, builds: t.builds, report: t.report}, t.changed
}

// status returns a copy of t.st that shares nothing with it.
func (t *tracker) status() Status {
	st := t.st
	if b := st.LastBuild; b != nil {
		c := *b
		c.Changed = slices.Clone(b.Changed)
		st.LastBuild = &c
	}
	return st
}

// lastPanics returns the last n handler panics, newest first.
func (t *tracker) lastPanics(n int) []*debugpage.Report {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := slices.Clone(t.panics[max(0, len(t.panics)-n):])
	slices.Reverse(out)
	return out
}

// initLocked sets up the state before the first event. t.mu must be held.
func (t *tracker) initLocked() {
	if t.changed == nil {
		t.changed = make(chan struct{})
		t.st.State, t.st.Cycle, t.pending = StateBuilding, 1, true
	}
}

// handle follows ev; rep is the report the proxy made of it, for the
// events that end in a failure.
func (t *tracker) handle(ev reloader.Event, rep *debugpage.Report) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.initLocked()
	if !t.apply(ev, rep) {
		return
	}
	close(t.changed)
	t.changed = make(chan struct{})
}

// apply changes the state as ev says, and reports whether it changed.
func (t *tracker) apply(ev reloader.Event, rep *debugpage.Report) bool {
	switch ev.Kind {
	case reloader.Building:
		t.builds++
		t.begin(ev.Time, StateBuilding)
		t.st.LastBuild = &Build{Started: ev.Time, Changed: slices.Clone(ev.Changed)}
	case reloader.Built:
		t.setDuration(ev.Duration)
		t.begin(ev.Time, StateStarting)
	case reloader.BuildFailed:
		t.setDuration(ev.Duration)
		if t.st.LastBuild != nil {
			t.st.LastBuild.Failed = true
		}
		t.end(ev.Time, StateBuildFailed, rep)
	case reloader.Stopping:
		t.begin(ev.Time, StateStarting)
	case reloader.Started:
		t.begin(ev.Time, StateStarting)
		t.st.AppAddr, t.st.PID = ev.Addr, ev.PID
	case reloader.Ready:
		t.end(ev.Time, StateRunning, nil)
		t.st.AppAddr = ev.Addr
	case reloader.NotListening:
		t.end(ev.Time, StateNotListening, rep)
	case reloader.Crashed:
		t.end(ev.Time, StateCrashed, rep)
		t.st.PID = 0
	case reloader.Stopped:
		t.st.PID = 0
	case reloader.HandlerPanic:
		t.addPanic(ev.Report)
	default:
		return false
	}
	return true
}

// begin moves to state, a step of the cycle under way or of a new one.
func (t *tracker) begin(at time.Time, state State) {
	if !t.pending {
		t.pending = true
		t.st.Cycle++
		t.report = nil
	}
	if t.st.State != state || t.st.Since.IsZero() {
		t.st.State, t.st.Since = state, at
	}
}

// end moves to an outcome.
func (t *tracker) end(at time.Time, state State, rep *debugpage.Report) {
	t.pending, t.report = false, rep
	t.st.State, t.st.Since = state, at
}

// setDuration records the last build's duration.
func (t *tracker) setDuration(d time.Duration) {
	if t.st.LastBuild != nil {
		t.st.LastBuild.DurationMS = d.Milliseconds()
	}
}

// addPanic remembers rep, forgetting the oldest past maxPanics.
func (t *tracker) addPanic(rep *debugpage.Report) {
	if rep == nil {
		return
	}
	if len(t.panics) == maxPanics {
		t.panics = slices.Delete(t.panics, 0, 1)
	}
	t.panics = append(t.panics, rep)
}
