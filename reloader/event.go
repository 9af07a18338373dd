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
	Started                       // the app process started: Addr, PID
	Ready                         // the app accepts connections on Addr: Duration since Started
	NotListening                  // the app did not accept connections on Addr within the timeout; Ready follows if it does later
	Crashed                       // the app exited on its own: Report, ExitStatus
	HandlerPanic                  // net/http logged a handler panic: Remote, Report
	Stopped                       // the app was stopped by the engine (restart or shutdown)

	// Stopping comes right before the engine signals the app to stop
	// (restart or shutdown): Addr, PID. A proxy can hold new requests from
	// then on instead of sending them to an app about to go; Stopped
	// follows once the app and its process group are gone.
	Stopping

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
)

// Event is one step of the engine's life, delivered in order to
// Engine.OnEvent. The terminal UI and the proxy are both driven by events.
type Event struct {
	Kind     EventKind
	Time     time.Time
	Changed  []string      // Building, Reloaded, Generating, Generated: files whose change caused the cycle, relative to the module root when possible
	Duration time.Duration // Built: build time; Ready: time from Started to Ready; ProcessExited: the wait before the next start; Generated: the run's time
	Err      *BuildError   // BuildFailed
	Addr     string        // Started, Ready, NotListening, Stopping, Stopped, Crashed: the address to reach the app at (AppAddr with an empty or unspecified host reads 127.0.0.1)
	PID      int           // Started, Stopping, Stopped, Crashed, ProcessStarted
	Name     string        // ProcessStarted, ProcessExited: the companion process's name
	Mode     string        // Watching: "fsnotify" or "poll"
	Reason   string        // Watching: why polling is used, when it is
	Files    int           // Watching: number of files in the watch set
	Remote   string        // HandlerPanic: the client address net/http logged (the proxy's local address)
	Report   *debugpage.Report
	// ExitStatus describes how a crashed app or a companion process
	// ended, e.g. "exit status 2".
	ExitStatus string
}

// String returns the kind's name, e.g. "BuildFailed".
func (k EventKind) String() string {
	names := [...]string{"Watching", "Building", "BuildFailed", "Built", "Started", "Ready",
		"NotListening", "Crashed", "HandlerPanic", "Stopped", "Stopping", "Reloaded",
		"ProcessStarted", "ProcessExited", "Generating", "Generated"}
	if k < 0 || int(k) >= len(names) {
		return fmt.Sprintf("EventKind(%d)", int(k))
	}
	return names[k]
}
