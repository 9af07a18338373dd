package reloader

import (
	"fmt"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// EventKind says what an Event reports.
type EventKind int

// The kinds of Event, in the order a cycle produces them.
const (
	Watching     EventKind = iota // the watch set was computed (at start and after each build) or the mode changed: Mode, Reason, Files
	Building                      // a build started: Changed lists the changes since the last outcome (empty for the first); a newer change cancels it and another Building follows
	BuildFailed                   // the build failed: Err holds the compiler's errors, Duration the build time
	Built                         // the build succeeded: Duration is the build time
	Started                       // the app process started: Addr, PID; Changed lists the files whose change restarted it without a build
	Ready                         // the app accepts connections on Addr: Duration since Started; Adopted if Addr is not the address it was given
	NotListening                  // the app did not accept connections on Addr within the timeout, or listens on several other ports (Listening); Output; Ready follows if it does later
	Crashed                       // the app exited on its own: Report, ExitStatus
	HandlerPanic                  // net/http or a framework's recovery logged a handler panic: Remote or Framework, Report
	Stopped                       // the app was stopped by the engine (restart or shutdown): Duration since Stopping, ExitStatus

	// Stopping comes right before the engine signals the app to stop
	// (restart or shutdown): Addr, PID. A proxy can hold new requests from
	// then on instead of sending them to an app about to go; Stopped
	// follows once the app and its process group are gone.
	Stopping

	// BuildOutput is one line go build printed, in Line, as it comes,
	// after the Building it belongs to and before its BuildFailed or
	// Built.
	BuildOutput

	// Reloaded reports a change of files the app reads as it runs (a
	// Reload glob): open pages are to reload, without a build or a
	// restart. Changed lists the files.
	Reloaded

	// ProcessStarted reports a companion process (Engine.Processes)
	// started: Name, PID.
	ProcessStarted

	// ProcessExited reports a companion process that exited, or could
	// not start (ExitStatus "not started: ..."): Name, ExitStatus, and
	// Duration, the wait before it is started again (0: it is not).
	ProcessExited

	// Generating reports a run of the generators (Engine.Generate):
	// Changed lists the sources that changed (none at the first run).
	// Generated or a BuildFailed with Err.Command set follows.
	Generating

	// Generated reports the generators' run over and their writing
	// settled: Duration is the run's time, Changed the files whose content
	// the run changed. A build follows when any of those is part of it.
	Generated

	// PanicLogging reports that the app began to log a handler panic
	// (net/http's block or a framework's recovery middleware's): its
	// HandlerPanic follows once the block ends. A proxy that got a 500
	// from the app waits for the panic only when one is being logged.
	PanicLogging
)

// Event is one step of the engine's life, delivered in order to
// Engine.OnEvent. The terminal UI and the proxy are both driven by events.
type Event struct {
	Kind     EventKind
	Time     time.Time
	Changed  []string      // Building, Started, Reloaded, Generating, Generated: files whose change caused the cycle, relative to the module root when possible
	Duration time.Duration // Built: build time; Ready: time from Started to Ready; Stopped: time from Stopping; ProcessExited: the wait before the next start; Generated: the run's time
	Err      *BuildError   // BuildFailed
	Addr     string        // Started, Ready, NotListening, Stopping, Stopped, Crashed: the address to reach the app at (AppAddr with an empty or unspecified host reads 127.0.0.1)
	PID      int           // Started, Stopping, Stopped, Crashed, ProcessStarted
	Name     string        // ProcessStarted, ProcessExited: the companion process's name
	Mode     string        // Watching: "fsnotify" or "poll"
	Reason   string        // Watching: why polling is used, when it is
	Files    int           // Watching: number of files in the watch set
	Remote   string        // HandlerPanic: the client address net/http logged (the proxy's local address); "" for a framework's
	Line     string        // BuildOutput: the line, without its line ending
	// Framework, on HandlerPanic, names the framework whose recovery
	// middleware logged the panic and answered the request itself
	// ("gin", "chi", "echo", "recover"); it is "" for net/http's. A
	// framework logs no client address: Forwarded holds the request's
	// debugpage.ForwardedHeader when it logged the request's headers
	// (gin in debug mode), else the panic is told from others by time.
	Framework string
	Forwarded string
	Report    *debugpage.Report
	// ExitStatus describes how a crashed or stopped app, or a companion
	// process, ended, e.g. "exit status 2", or "signal: killed" for an
	// app killed after Grace.
	ExitStatus string
	// Adopted, on Ready, says that the app ignored the address it was
	// given ($PORT) and listens only on Addr, one port its processes
	// listen on (read from /proc on Linux, from its output elsewhere),
	// where the engine found it. AppAddr makes the address explicit. If
	// the app opens its own address before the readiness timeout after
	// all, a second Ready, not Adopted, gives that address.
	Adopted bool
	// Listening, on NotListening, holds the addresses the app listens on
	// instead of Addr, one per port, when the engine could not pick one:
	// there are several, or AppAddr was given.
	Listening []string
	// Output, on NotListening, holds the app's last lines of output,
	// which often say where it listens.
	Output string
	// Hint, on Crashed, is one line of advice on the fix when the engine
	// recognizes the mistake (an app that took $PORT for an address); the
	// Report's Message ends with it too.
	Hint string
}

// String returns the kind's name, e.g. "BuildFailed".
func (k EventKind) String() string {
	names := [...]string{"Watching", "Building", "BuildFailed", "Built", "Started", "Ready",
		"NotListening", "Crashed", "HandlerPanic", "Stopped", "Stopping", "BuildOutput", "Reloaded",
		"ProcessStarted", "ProcessExited", "Generating", "Generated", "PanicLogging"}
	if k < 0 || int(k) >= len(names) {
		return fmt.Sprintf("EventKind(%d)", int(k))
	}
	return names[k]
}
