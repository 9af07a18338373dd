package proxy

import (
	"context"
	"errors"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// Agent is what the tools of devserve's MCP server ask of the app: a
// Proxy answers for the app it serves, and a Client asks a Proxy in
// another process through its JSON API.
type Agent interface {
	// Status returns what the app is doing now.
	Status(ctx context.Context) (Status, error)
	// Await waits, at most timeout, for the build and restart under way
	// to have an outcome, and returns it.
	Await(ctx context.Context, timeout time.Duration) (Outcome, error)
	// Errors returns the current build error or crash and the last
	// handler panics, at most panics of them.
	Errors(ctx context.Context, panics int) (Errors, error)
	// Logs returns lines of the app's output.
	Logs(ctx context.Context, q LogQuery) (Logs, error)
	// Restart rebuilds and restarts the app, and returns the outcome as
	// Await does.
	Restart(ctx context.Context, timeout time.Duration) (Outcome, error)
}

// Outcome is the end of a build and restart: the Status it left, with
// the report of the failure when it is one.
type Outcome struct {
	Status
	TimedOut bool              `json:"timed_out,omitempty" jsonschema:"the timeout passed before the outcome: the status is what the app was doing then"`
	Error    *debugpage.Report `json:"error,omitempty" jsonschema:"the build error, crash or address not listened on, when that is the outcome"`
}

// Errors is what is wrong with the app, as the JSON form of devserve's
// pages has it, with the source lines around the app's frames.
type Errors struct {
	Build  *debugpage.Report   `json:"build,omitempty" jsonschema:"the errors of the last build, when it failed"`
	Crash  *debugpage.Report   `json:"crash,omitempty" jsonschema:"the crash of the app, or its not listening, when that is its state"`
	Panics []*debugpage.Report `json:"panics" jsonschema:"the last handler panics, newest first, each with its stacks and request"`
}

// LogQuery asks for lines of the app's output.
type LogQuery struct {
	Lines  int    `json:"lines,omitempty" jsonschema:"how many lines at most; default 100, at most 1000"`
	Cursor *int64 `json:"cursor,omitempty" jsonschema:"return the lines after this cursor, which a previous call returned; without it, the last lines"`
}

// Logs is lines of the app's output.
type Logs struct {
	Lines   []Line `json:"lines"`
	Cursor  int64  `json:"cursor" jsonschema:"pass it to the next call to get the lines written after these"`
	More    bool   `json:"more,omitempty" jsonschema:"more lines follow these already: call again with the cursor"`
	Skipped int64  `json:"skipped,omitempty" jsonschema:"lines after the cursor given that are no longer kept"`
}

const (
	// DefaultWait is how long Await and Restart wait when not told.
	DefaultWait = 60 * time.Second
	// maxWait bounds any wait an agent asks for.
	maxWait = 10 * time.Minute
	// changeGrace is how long Await, when no cycle is under way, gives a
	// change saved just before the call to start one: the watcher and
	// the debounce take a few milliseconds to see it.
	changeGrace = 300 * time.Millisecond
	// defaultPanics and defaultLines are how many handler panics and
	// lines of output are returned when not told.
	defaultPanics, defaultLines, maxLines = 5, 100, 1000
)

// ErrNoRestart is returned by Restart when the proxy has no OnRestart.
var ErrNoRestart = errors.New("proxy: restart is not available here")

// agentState is what the proxy keeps for agents: the app's status.
type agentState struct {
	tracker
}

// Status returns what the app is doing now.
func (p *Proxy) Status(ctx context.Context) (Status, error) {
	s, _ := p.agents.read()
	return p.status(s), nil
}

// Await waits, at most timeout (DefaultWait if not positive), for the
// build and restart under way to have an outcome, and returns it: at once
// when it is there. When no cycle is under way, a change saved just
// before the call is given a moment to start one.
func (p *Proxy) Await(ctx context.Context, timeout time.Duration) (Outcome, error) {
	deadline := time.Now().Add(waitFor(timeout))
	s, _ := p.agents.read()
	if s.outcome() {
		cycle := s.status.Cycle
		grace := earlier(deadline, time.Now().Add(changeGrace))
		began := func(s snapshot) bool { return s.pending || s.status.Cycle != cycle }
		if _, _, err := p.agents.await(ctx, grace, began); err != nil {
			return Outcome{}, err
		}
	}
	return p.awaitOutcome(ctx, deadline)
}

// Restart asks OnRestart for a rebuild and restart, waits for the build
// to start and then for its outcome, at most timeout (DefaultWait if not
// positive) in all, and returns it.
func (p *Proxy) Restart(ctx context.Context, timeout time.Duration) (Outcome, error) {
	if p.OnRestart == nil {
		return Outcome{}, ErrNoRestart
	}
	deadline := time.Now().Add(waitFor(timeout))
	s, _ := p.agents.read()
	builds := s.builds
	p.OnRestart()
	s, ok, err := p.agents.await(ctx, deadline, func(s snapshot) bool { return s.builds > builds })
	if err != nil || !ok {
		return Outcome{Status: p.status(s), TimedOut: true}, err
	}
	return p.awaitOutcome(ctx, deadline)
}

// Errors returns the current build error or crash, and the last handler
// panics, at most panics of them (defaultPanics if not positive).
func (p *Proxy) Errors(ctx context.Context, panics int) (Errors, error) {
	s, _ := p.agents.read()
	e := Errors{Panics: []*debugpage.Report{}}
	switch s.status.State {
	case StateBuildFailed:
		e.Build = p.withSource(s.report)
	case StateCrashed, StateNotListening:
		e.Crash = p.withSource(s.report)
	}
	if panics <= 0 {
		panics = defaultPanics
	}
	for _, rep := range p.agents.lastPanics(panics) {
		e.Panics = append(e.Panics, p.withSource(rep))
	}
	return e, nil
}

// Logs returns lines of the app's output, from Output.
func (p *Proxy) Logs(ctx context.Context, q LogQuery) (Logs, error) {
	n := q.Lines
	if n <= 0 {
		n = defaultLines
	}
	after := int64(-1)
	if q.Cursor != nil {
		after = max(*q.Cursor, 0)
	}
	out := Logs{Lines: []Line{}, Cursor: max(after, 0)}
	if p.Output == nil {
		return out, nil
	}
	lines, more, skipped := p.Output.Lines(after, min(n, maxLines))
	out.More, out.Skipped = more, skipped
	switch {
	case len(lines) > 0:
		out.Lines, out.Cursor = lines, lines[len(lines)-1].N
	case after < 0:
		out.Cursor = p.Output.Last()
	}
	return out, nil
}

// awaitOutcome waits until the cycle under way, if any, has an outcome,
// or until deadline, and returns it.
func (p *Proxy) awaitOutcome(ctx context.Context, deadline time.Time) (Outcome, error) {
	s, ok, err := p.agents.await(ctx, deadline, snapshot.outcome)
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Status: p.status(s), TimedOut: !ok, Error: p.withSource(s.report)}, nil
}

// await waits until cond holds of the tracker's state, or until
// deadline, and returns the state; ok is false if the deadline passed
// first. It wakes at every change, at once.
func (t *tracker) await(ctx context.Context, deadline time.Time, cond func(snapshot) bool) (s snapshot, ok bool, err error) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		s, changed := t.read()
		if cond(s) {
			return s, true, nil
		}
		select {
		case <-changed:
		case <-timer.C:
			return s, false, nil
		case <-ctx.Done():
			return s, false, ctx.Err()
		}
	}
}

// status returns s's Status with the proxy's own address.
func (p *Proxy) status(s snapshot) Status {
	st := s.status
	st.PublicAddr = p.PublicAddr
	return st
}

// withSource returns rep with the source lines around its frames, or nil.
func (p *Proxy) withSource(rep *debugpage.Report) *debugpage.Report {
	if rep == nil {
		return nil
	}
	rd, ok := p.Pages.(*debugpage.Renderer)
	if !ok {
		rd = p.defaults().pages
	}
	return rd.WithSource(rep)
}

// waitFor returns how long to wait when asked for d.
func waitFor(d time.Duration) time.Duration {
	if d <= 0 {
		return DefaultWait
	}
	return min(d, maxWait)
}

// earlier returns the earlier of a and b.
func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
