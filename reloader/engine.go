package reloader

import (
	"context"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// Engine builds a main package, runs it, watches the files it is built from,
// and rebuilds and restarts it when they change. Its zero value, given a
// Package, is ready to use; each field documents its default.
//
// The files watched are those go list -deps reports for the package with
// BuildFlags and BuildEnv: the Go, cgo, assembly and embedded files of
// every package outside the standard library and the module cache (the
// main module, go.work modules, directory replacements wherever they
// are), go.mod, go.sum, go.work and go.work.sum; a new source file in one
// of those package directories counts too. Tests, docs, editor temporary
// files, .git and node_modules never do. The set is recomputed after each
// build, so a package imported from then on is watched from then on.
//
// A change is handled while the running app keeps serving: the new binary
// is built next to it; if the build fails, the app is stopped (a stale
// binary never runs) and BuildFailed is reported; if it succeeds, the app
// is stopped and the new one started. An app that exits on its own is
// reported as Crashed and left alone until the next change.
//
// The app runs in its own process group (a job object on Windows), so
// that stopping it stops what it started; on Linux it also gets SIGKILL
// if the engine's process dies, even by SIGKILL. Its environment has
// GOTRACEBACK=all unless the user set it, so that a crash shows every
// goroutine.
//
// The binaries are built in a directory of the system's temporary
// directory, removed when Run returns; the directory of an engine whose
// process died (kill -9) is removed by the next engine to start.
type Engine struct {
	// Package is the main package to build, as given to go build
	// (an import path or a relative directory). If empty, "." is used.
	Package string

	// Dir is the directory go commands run in. If empty, the current
	// directory is used.
	Dir string

	// BuildFlags are passed to go build and go list (e.g. -tags, -ldflags).
	// go build also compiles the main module's packages with -e, so that a
	// failed build reports every error; each -gcflags here keeps its
	// flags, -e added. A -gcflags in GOFLAGS does not reach the main
	// module's packages: pass it here.
	BuildFlags []string

	// Optimize builds the app as go build does. If false, the packages
	// of the local modules (the main module, go.work modules, directory
	// replacements) are built with -N -l, without optimizations and
	// inlining, so that an inspector can read every local of their
	// frames; the binary keeps its debug information either way unless
	// BuildFlags strip it.
	Optimize bool

	// BuildEnv is added to the environment of go build and go list
	// (e.g. CGO_ENABLED=0).
	BuildEnv []string

	// Args are the app's command-line arguments.
	Args []string

	// Env is added to the app's environment (KEY=VALUE).
	Env []string

	// AppAddr is the address the app listens on. If empty, a free loopback
	// port is chosen and handed down as PORT and DEVSERVE_ADDR.
	AppAddr string

	// Watch holds extra globs whose changes restart the app without a
	// rebuild. Exclude holds globs that never trigger anything.
	Watch, Exclude []string

	// Reload holds globs of files the app reads as it runs (templates,
	// static files): their changes are reported as Reloaded, for open
	// pages to reload, without a rebuild or a restart. A file the build
	// reads (one the app embeds) is rebuilt all the same, and a Watch
	// glob that matches too wins.
	Reload []string

	// Poll, when positive, watches by stat polling at this interval
	// instead of fsnotify. If zero, fsnotify is used, and polling every
	// 300ms only when fsnotify cannot work (the inotify watch limit is
	// reached, a file system without notifications); a Watching event
	// says so, and why.
	Poll time.Duration

	// Debounce is how long the engine waits after the last change before
	// acting on it: a burst of changes, a checkout of hundreds of files,
	// is one change. If zero, 50ms is used. To save that wait, the build
	// starts early, once changes have paused for 2ms (or Debounce, if
	// shorter): the events of one save come within a fraction of a
	// millisecond. A change during the build cancels it, and its outcome
	// is acted on only when Debounce has passed, which a build of a
	// second hides.
	Debounce time.Duration

	// BuildTimeout bounds a build: one that takes longer (a compiler or
	// a -toolexec tool that hangs) is stopped with every process it
	// started and reported as a failed build. If zero, 10 minutes is
	// used.
	BuildTimeout time.Duration

	// Grace is how long a stopping app has between Signal and being
	// killed with its whole process group. If zero, 5s is used.
	Grace time.Duration

	// Signal asks the app to stop. If nil, SIGTERM is used (os.Kill on
	// Windows, where there is no other).
	Signal os.Signal

	// ReadyTimeout bounds the wait for the app to accept connections
	// before NotListening is reported. If zero, 30s is used. The engine
	// keeps trying, every 100ms, and reports Ready if the app listens
	// after all; it never restarts an app for not listening.
	ReadyTimeout time.Duration

	// Stdin, if non-nil, is read by one goroutine of the engine and passed
	// to the app running at the time, through a pipe. That goroutine ends
	// at the end of Stdin; one blocked in a read when Run returns ends at
	// the read's return. (The app runs in its own process group, so a
	// terminal could not be handed to it directly.)
	Stdin io.Reader

	// Stdout and Stderr receive the app's output as it comes, and Stderr
	// also the warnings of good builds; if nil, os.Stdout and os.Stderr
	// are used. The app's stdout and stderr are pipes, even when these
	// are a terminal (an app that colours its output only on a terminal
	// prints it plain): the engine keeps the last 512 KiB of both,
	// interleaved line by line, to report a crash, and reads net/http's
	// "http: panic serving" blocks from either for HandlerPanic events.
	Stdout, Stderr io.Writer

	// Reap, if non-nil, is held while the engine reaps the app's
	// process. An inspector that traces the app holds it for each
	// session: a wait on a traced process takes the notifications the
	// tracer waits for. On Linux the engine learns that the app exited
	// from a pidfd, which is no wait, and holds Reap only to reap it;
	// elsewhere it holds it for the whole wait.
	Reap sync.Locker

	// Generate holds the generators: commands that write files the build
	// reads (templ, sqlc, go generate). Every one runs once at the start,
	// before the first build; after that, a change of a generator's
	// sources runs it (after the debounce's short settle, one generator at
	// a time, in order), and no build starts while generators run. The
	// files they write are then changes like any other, into one build;
	// one rewritten with the content it had is none: the engine keeps the
	// content hashes of the files changed while generators run, and of
	// the sources they ran for, and drops a change whose content is as it
	// was. A generator that rewrites its own sources as they are is not run
	// again. Generating and Generated report a run; a generator that
	// fails (exits with a status other than 0, or cannot start) is
	// reported as BuildFailed, its output parsed as compiler output, and
	// the app is stopped as after a failed build.
	Generate []Generator

	// Processes are companion processes, started with the engine and
	// stopped, each with its whole process group (Signal, then a kill
	// after Grace; on Linux also when the engine's process dies), when Run
	// returns. One that exits is started again after 1s, a wait that
	// doubles at each exit up to 30s and is 1s again once it ran for 30s;
	// ProcessStarted and ProcessExited report it. One that cannot be
	// started (no such command) is reported once and left alone. The app
	// does not depend on them: it is built and run whatever they do.
	Processes []Process

	// OnEvent, if non-nil, is called with every Event, in order, from the
	// engine's goroutine. It must not block for long.
	OnEvent func(Event)

	restartOnce sync.Once
	restartCh   chan struct{} // Restart's request, at most one pending

	addedMu sync.Mutex // guards added
	added   []string   // build flags RestartWith added

	meter outputMeter // the app's output not yet reported
}

// OutputPending reports whether the app's output holds what OnEvent has
// not yet been told of: bytes the app wrote that the engine has not read,
// or read and not yet scanned for handler panics, or panics found and not
// yet reported. A framework logs a recovered panic before it answers
// 500, so once the answer came and nothing is pending, no panic is on its
// way. known is false where that cannot be told (on Windows, how much a
// pipe holds is not known): a caller then waits a time of its choosing.
// It may be called from any goroutine, at any time.
func (e *Engine) OutputPending() (pending, known bool) { return e.meter.pending() }

// Run builds and runs the app, then rebuilds and restarts it on every
// change of the files it is built from, until ctx is canceled. It returns
// nil after a cancellation, once the app and its process group are gone,
// the running build is killed, the watcher is closed and the engine's
// binaries are removed; it returns an error only when it cannot start
// (no main package, no go command). Build failures and crashes are
// reported as Events, never as Run's error.
func (e *Engine) Run(ctx context.Context) error {
	r, err := e.newRunner(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil // canceled while starting: not a failure
		}
		return err
	}
	defer r.shutdown()
	return r.loop(ctx)
}

// dialAddr turns an address to listen on into one to connect to: an empty
// or unspecified host means this machine.
func dialAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
