// Package inspect reads the state of a goroutine parked in another
// process: the arguments and locals of each frame below its panic, and
// the values of Go expressions evaluated in those frames. It attaches to
// the process with the Go debugger's library (delve), reads what it was
// asked for, and detaches; the whole process is stopped for that session
// only, and never left stopped or with a breakpoint in it.
//
// Inspection works on linux/amd64 and linux/arm64, on binaries that carry
// their debug information (as go build writes them, not -ldflags=-s -w);
// frames built without optimizations (-gcflags=-N -l) show every local.
// Elsewhere every session fails with ErrUnsupported.
//
// The process must be this one's child or the system must otherwise let
// it be traced (ptrace), and while a session runs nothing else in this
// process may wait on it: a wait would take the notifications the
// tracer waits for. An Inspector is a sync.Locker for that: whoever
// waits on the process holds it while waiting.
package inspect

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// Errors a session can fail with, beside the reasons the system gives.
var (
	ErrUnsupported = errors.New("inspect: frames can be inspected on linux/amd64 and linux/arm64 only")
	ErrTimeout     = errors.New("inspect: the session ran out of time")
	ErrNotFound    = errors.New("inspect: no such goroutine or frame")
	ErrRefused     = errors.New("inspect: tracing refused")
	ErrNoDebugInfo = errors.New("inspect: no debug information")
)

// Limits bound what a session loads of each value.
type Limits = debugpage.Limits

// withDefaults returns l with every zero limit set to its default.
func withDefaults(l Limits) Limits {
	l.String = cmp.Or(l.String, 256)
	l.Elems = cmp.Or(l.Elems, 32)
	l.Depth = cmp.Or(l.Depth, 3)
	return l
}

// Inspector runs inspection sessions, one at a time. Its zero value is
// ready to use; each field documents its default. An Inspector is safe
// for concurrent use and must not be copied after first use.
type Inspector struct {
	// Timeout bounds a session from its start to the answer: past it,
	// frames not yet read are left without their variables, and a call
	// still in the debugger returns ErrTimeout while the session detaches
	// in the background. If zero, 1.5s is used.
	Timeout time.Duration

	// MaxFrames bounds the frames below the panic whose variables are
	// read. If zero, 64 is used.
	MaxFrames int

	// Log receives the errors of detaching, which come after a session
	// has answered. If nil, the standard logger is used.
	Log *log.Logger

	once  sync.Once
	turns chan struct{} // holds a token while a session runs or the process is waited on
	warm  sync.Once

	gcMu    sync.Mutex // guards the fields below
	gcOffs  int        // sessions and warm-ups under way, during which the collector is off
	gcPrev  int        // the GC percent to restore when the last ends
	gcLimit int64      // and the memory limit
}

// sessionRoom is the memory a session may add to the heap before the
// collector, off during the session, runs: reading the debug
// information allocates some 300 MB of short-lived objects.
const sessionRoom = 64 << 20

// gcOff turns the collector off, but for a memory limit, until the
// function it returns is called: reading the debug information
// allocates hundreds of megabytes, which would otherwise cost a dozen
// collections while the app is stopped. The limit is sessionRoom above
// the memory the process uses when the first call comes, so that a
// process with a large heap of its own (a supervisor watching many
// files) collects no more often during a session than a small one;
// a fixed limit near its heap would have the collector run all the
// time. Overlapping calls (a warm-up and a session) restore the setting
// once, when the last ends.
func (in *Inspector) gcOff() (restore func()) {
	in.gcMu.Lock()
	defer in.gcMu.Unlock()
	if in.gcOffs == 0 {
		in.gcPrev = debug.SetGCPercent(-1)
		in.gcLimit = debug.SetMemoryLimit(inUse() + sessionRoom)
	}
	in.gcOffs++
	return func() {
		in.gcMu.Lock()
		defer in.gcMu.Unlock()
		if in.gcOffs--; in.gcOffs == 0 {
			debug.SetMemoryLimit(in.gcLimit)
			debug.SetGCPercent(in.gcPrev)
		}
	}
}

// inUse returns the memory the Go runtime needs now: what a memory limit
// bounds, less the heap's garbage and free pages, which the collector
// and the scavenger give back once the limit is near. Counting them
// would let each session raise the next one's limit.
func inUse() int64 {
	s := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/live:bytes"},
	}
	metrics.Read(s)
	n := s[0].Value.Uint64() - s[1].Value.Uint64() - s[2].Value.Uint64() - s[3].Value.Uint64() + s[4].Value.Uint64()
	return int64(n)
}

// Lock waits until no session runs, and keeps sessions from starting
// until Unlock: whoever waits on an inspected process holds it while it
// waits.
func (in *Inspector) Lock() { in.sem() <- struct{}{} }

// Unlock ends what Lock began.
func (in *Inspector) Unlock() { <-in.sem() }

// sem returns the channel that serializes sessions, made on first use.
func (in *Inspector) sem() chan struct{} {
	in.once.Do(func() { in.turns = make(chan struct{}, 1) })
	return in.turns
}

// Warm reads the debug information of the executable at path, as each
// session does, once: a session that comes first in a process otherwise
// pays for growing its heap and paging in the reader, while the app is
// stopped. It is meant to run in the background when the app starts,
// and does nothing after its first call.
func (in *Inspector) Warm(path string) {
	in.warm.Do(func() {
		defer in.gcOff()()
		warm(path)
	})
}

// Frames reads the frames of goroutine gid of process pid that lie below
// its panic (the goroutine is parked inside a deferred call of the
// panic), innermost first, with the values of their arguments and locals
// loaded within lim.
func (in *Inspector) Frames(ctx context.Context, pid int, gid int64, lim Limits) ([]debugpage.FrameVars, error) {
	maxFrames := cmp.Or(in.MaxFrames, 64)
	return run(ctx, in, pid, func(s *session, deadline time.Time) ([]debugpage.FrameVars, error) {
		return s.frames(gid, maxFrames, withDefaults(lim), deadline)
	})
}

// Eval evaluates the Go expression expr in the frame at depth (as Frames
// numbers them, from the panic down) of goroutine gid of process pid, loading its value
// within lim. Function calls and assignments are refused.
func (in *Inspector) Eval(ctx context.Context, pid int, gid int64, depth int, expr string, lim Limits) (debugpage.Var, error) {
	if err := checkExpr(expr); err != nil {
		return debugpage.Var{}, err
	}
	return run(ctx, in, pid, func(s *session, _ time.Time) (debugpage.Var, error) {
		return s.eval(gid, depth, expr, withDefaults(lim))
	})
}

// result is what a session's work returned.
type result[T any] struct {
	v   T
	err error
}

// run runs work in a session attached to pid, once no other session
// runs, and returns its result; or ErrTimeout once the session's time is
// up, while the session goes on to detach in the background.
func run[T any](ctx context.Context, in *Inspector, pid int, work func(*session, time.Time) (T, error)) (T, error) {
	var zero T
	deadline := time.Now().Add(cmp.Or(in.Timeout, 1500*time.Millisecond))
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	in.warm.Do(func() {}) // waits for a warm-up under way, with the app running; none starts after a session
	select {
	case in.sem() <- struct{}{}:
	case <-ctx.Done():
		return zero, fmt.Errorf("%w waiting for the previous session to end", ErrTimeout)
	}
	done := make(chan result[T], 1)
	go func() { // owns the turn until the session is over, answered or not
		defer in.Unlock()
		inSession(in, pid, deadline, work, done)
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return zero, ErrTimeout
	}
}

// inSession attaches to pid, runs work, lets the process run and sends
// the result to done, then detaches, with the collector off. The answer
// goes before the detach, which takes the debugger at least 50ms after
// the process runs again: that is time the app need not wait. A
// collection once the collector is back on leaves the live heap the next
// session measures its memory limit from without this one's data.
func inSession[T any](in *Inspector, pid int, deadline time.Time, work func(*session, time.Time) (T, error), done chan<- result[T]) {
	restore := in.gcOff()
	defer func() {
		restore()
		runtime.GC()
	}()
	s, err := attach(pid)
	if err != nil {
		done <- result[T]{err: err}
		return
	}
	v, err := work(s, deadline)
	if cerr := s.resume(); cerr != nil && err == nil {
		err = cerr
	}
	done <- result[T]{v, err}
	if err := s.detach(); err != nil {
		cmp.Or(in.Log, log.Default()).Printf("devserve: %v", err)
	}
}

// Supported returns nil where frames can be inspected, else
// ErrUnsupported.
func Supported() error { return supported() }
