package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/proxy"
	"github.com/devserve/devserve/reloader"
	"github.com/fatih/color"
	"github.com/mattn/go-colorable"
	"github.com/mattn/go-isatty"
)

// maxErrors is how many build errors the terminal shows.
const maxErrors = 10

// terminal prints devserve's own lines: the banner, one line per cycle,
// and errors. Its methods are called from the engine's goroutine only.
type terminal struct {
	w              io.Writer
	quiet, verbose bool
	root           string // paths are shown relative to it
	publicAddr     string
	intro          *intro // printed before the first event; nil once printed
	appAddr        bool   // --app-addr was given: the app's address is not $PORT
	adopted        string // the address the app was last found at instead of $PORT
	elsewhere      bool   // the running app was found elsewhere than $PORT
	grace          time.Duration
	inFlight       func() int // if not nil, the requests the app is finishing, asked at Stopping

	finishing int // the requests the app was finishing when its stop began
	clock     *buildClock

	ok, bad, warn, dim *color.Color
	colored            bool // the colors are on

	first    bool          // the running cycle is the first
	building bool          // the running cycle started with a build
	changed  []string      // the files whose change started the running cycle
	built    time.Duration // the running cycle's build time; 0 if it did not build
	gen      time.Duration // the running cycle's generators' time; 0 if none ran
}

// newTerminal returns a terminal writing to w, in color when w is a
// terminal and NO_COLOR is not set.
func newTerminal(w io.Writer, o *options, root string) *terminal {
	t := &terminal{
		w: w, quiet: o.quiet, verbose: o.verbose, root: root, first: true, appAddr: o.appAddr != "", grace: o.grace,
		ok:   color.New(color.FgGreen),
		bad:  color.New(color.FgRed, color.Bold),
		warn: color.New(color.FgYellow),
		dim:  color.New(color.Faint),
	}
	t.clock = &buildClock{first: 5 * time.Second, every: 10 * time.Second, say: t.stillBuilding}
	colored := false
	if f, isFile := w.(*os.File); isFile && os.Getenv("NO_COLOR") == "" {
		colored = isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
		if colored {
			t.w = colorable.NewColorable(f)
		}
	}
	t.colored = colored
	for _, c := range []*color.Color{t.ok, t.bad, t.warn, t.dim} {
		if colored {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return t
}

// intro is what the terminal says before anything else: what devserve
// serves, where, and to whom.
type intro struct {
	url, pkg    string
	fingerprint string // of a self-signed certificate made for this run
	exposure    string // who besides this machine can reach the app
	trust       *debugpage.Trust
	keys        bool // devserve reads keys: say how to list them
}

// printIntro prints the banner and the trust lines, once.
func (t *terminal) printIntro() {
	in := t.intro
	t.intro = nil
	t.banner(in.url, in.pkg, in.fingerprint, in.exposure)
	if in.trust != nil {
		t.trust(in.trust)
	}
	if in.keys {
		t.keysHint()
	}
}

// banner prints what devserve serves and where.
func (t *terminal) banner(url, pkg, fingerprint, exposure string) {
	if !t.quiet {
		fmt.Fprintf(t.w, "%s serving %s at %s\n", t.ok.Sprint("devserve"), pkg, t.ok.Sprint(url))
		if fingerprint != "" {
			fmt.Fprintf(t.w, "  %s\n", t.dim.Sprint("self-signed certificate, SHA-256 "+fingerprint))
		}
	}
	if exposure != "" {
		fmt.Fprintf(t.w, "%s listening on %s: anyone on your network can reach the app (debug pages stay for this machine and --trust)\n", t.warn.Sprint("!"), exposure)
	}
}

// stillBuilding says, dimly, that a build has run for d and goes on.
func (t *terminal) stillBuilding(d time.Duration) {
	if !t.quiet {
		fmt.Fprintf(t.w, "  %s\n", t.dim.Sprintf("still building (%s)", d.Round(time.Second)))
	}
}

// keysHint says, dimly, that devserve reads keys.
func (t *terminal) keysHint() {
	if !t.quiet {
		fmt.Fprintln(t.w, t.dim.Sprint("  ? for keys"))
	}
}

// trust says loudly whom --trust and --trusted-host let in.
func (t *terminal) trust(tr *debugpage.Trust) {
	if len(tr.Clients) > 0 {
		nets := make([]string, len(tr.Clients))
		for i, p := range tr.Clients {
			nets[i] = p.String()
		}
		fmt.Fprintf(t.w, "%s debug pages, which show source and requests, are shown to %s too (--trust)\n", t.warn.Sprint("!"), strings.Join(nets, ", "))
	}
	if len(tr.Hosts) > 0 && t.verbose {
		t.verbosef("devserve's pages are served under %s", strings.Join(hostNames(tr.Hosts), ", "))
	}
}

// hostNames returns localhost and hosts, each name once whatever its case.
func hostNames(hosts []string) []string {
	names := []string{"localhost"}
	for _, h := range hosts {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, h) }) {
			names = append(names, h)
		}
	}
	return names
}

// handle prints what ev means to a developer, after the intro if it has
// not been printed yet.
func (t *terminal) handle(ev reloader.Event) {
	if t.intro != nil {
		t.printIntro()
	}
	switch ev.Kind {
	case reloader.Watching:
		t.watching(ev)
	case reloader.Building:
		if t.gen == 0 { // after generators, the cause is their sources
			t.changed = t.relative(ev.Changed)
		}
		t.building, t.built = true, 0
		t.verbosef("building: %s", t.cause())
		t.clock.started()
	case reloader.Built:
		t.built = ev.Duration
		t.clock.ended()
	case reloader.BuildFailed:
		t.clock.ended()
		t.buildFailed(ev.Err)
	case reloader.Started:
		t.elsewhere = false
		if len(ev.Changed) > 0 {
			t.changed = t.relative(ev.Changed)
		}
		t.verbosef("started the app (pid %d) on %s", ev.PID, ev.Addr)
	case reloader.Ready:
		if t.found(ev) {
			t.ready(ev.Duration)
		}
	case reloader.NotListening:
		t.notListening(ev)
		t.endCycle()
	case reloader.Crashed:
		t.crashed(ev)
	case reloader.HandlerPanic:
		if ev.Report != nil {
			// The proxy, not the terminal, knows which client it was:
			// a browser gets the page, curl the text, an API client JSON.
			t.errorf("handler panicked: %s (traceback in the response)", strings.TrimPrefix(ev.Report.Title, "panic: "))
		}
	case reloader.Stopping:
		if t.inFlight != nil {
			t.finishing = t.inFlight()
		}
	case reloader.Stopped:
		t.stopped(ev)
	case reloader.Reloaded:
		t.reloaded(ev.Changed)
	case reloader.ProcessStarted:
		t.verbosef("started %s (pid %d)", ev.Name, ev.PID)
	case reloader.ProcessExited:
		t.processExited(ev)
	case reloader.Generating:
		t.building, t.changed = true, t.relative(ev.Changed)
		t.verbosef("generating: %s", t.cause())
	case reloader.Generated:
		t.generated(ev)
	}
}

// slowStop is how long stopping the app may take before the terminal
// says so.
const slowStop = time.Second

// stopped reports a stop of the app that took long, and why if known:
// requests it was finishing, or the grace period it outlived.
func (t *terminal) stopped(ev reloader.Event) {
	if ev.Duration <= slowStop {
		t.verbosef("stopped the app")
		return
	}
	var why []string
	if t.finishing > 0 {
		why = append(why, fmt.Sprintf("it was finishing %d %s", t.finishing, plural(t.finishing, "request", "requests")))
	}
	if ev.ExitStatus == "signal: killed" {
		why = append(why, fmt.Sprintf("it was killed after --grace %v", t.grace))
	}
	line := "stopping the app took " + seconds(ev.Duration)
	if len(why) > 0 {
		line += ": " + strings.Join(why, "; ")
	}
	fmt.Fprintf(t.w, "%s %s\n", t.warn.Sprint("!"), line)
}

// plural returns one or many as n asks.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// awaitSave says, after a failed build or a crash, that nothing happens
// until the next change.
func (t *terminal) awaitSave() {
	if !t.quiet {
		fmt.Fprintf(t.w, "  %s\n", t.dim.Sprint("devserve waits for the next save"))
	}
}

// found says, once for each address, that the app was found listening
// elsewhere than $PORT, and which flag says so; and that it opened $PORT
// after all. It reports whether the Ready ends the cycle.
func (t *terminal) found(ev reloader.Event) bool {
	switch {
	case !ev.Adopted && t.elsewhere:
		t.elsewhere, t.adopted = false, ""
		fmt.Fprintf(t.w, "%s the app listens on $PORT (%s) after all: devserve forwards there\n", t.warn.Sprint("!"), ev.Addr)
		return false
	case ev.Adopted:
		t.elsewhere = true
		if ev.Addr != t.adopted {
			t.adopted = ev.Addr
			fmt.Fprintf(t.w, "%s the app ignores $PORT and listens on %s: devserve forwards there (--app-addr %[2]s says so)\n", t.warn.Sprint("!"), ev.Addr)
		}
	}
	return true
}

// notListening says where the app does not listen, where it does if
// the engine knows, and what to change.
func (t *terminal) notListening(ev reloader.Event) {
	switch where := strings.Join(ev.Listening, ", "); {
	case where == "":
		t.errorf("the app is not listening on %s: make it listen on $PORT, or run with --app-addr set to its address", ev.Addr)
	case t.appAddr:
		t.errorf("the app is not listening on %s (--app-addr) but on %s: set --app-addr to the one to serve", ev.Addr, where)
	default:
		t.errorf("the app listens on %s, not on $PORT (%s): run devserve with --app-addr set to the one to serve", where, ev.Addr)
	}
}

// reloaded prints the line of a change that only reloads the browser,
// e.g. "● static/app.css changed → stylesheets swapped".
func (t *terminal) reloaded(changed []string) {
	if t.quiet {
		return
	}
	done := "pages reloaded"
	if proxy.StylesOnly(changed) {
		done = "stylesheets swapped"
	}
	fmt.Fprintf(t.w, "%s %s → %s\n", t.ok.Sprint("●"), changedText(t.relative(changed)), done)
}

// watching reports the watch set, and loudly when polling stands in for
// file notifications.
func (t *terminal) watching(ev reloader.Event) {
	if ev.Reason != "" {
		fmt.Fprintf(t.w, "%s watching by polling: %s\n", t.warn.Sprint("!"), ev.Reason)
	}
	t.verbosef("watching %d files (%s)", ev.Files, ev.Mode)
}

// ready prints the line of a successful cycle, e.g.
// "● msg/msg.go changed → built in 0.82s → restarted in 41ms".
func (t *terminal) ready(d time.Duration) {
	if !t.quiet {
		var parts []string
		if !t.first {
			parts = append(parts, t.cause())
		}
		if t.gen > 0 {
			parts = append(parts, "generated in "+seconds(t.gen))
		}
		if t.built > 0 {
			parts = append(parts, "built in "+seconds(t.built))
		}
		verb := "restarted"
		if t.first {
			verb = "started"
		}
		parts = append(parts, verb+" in "+millis(d))
		fmt.Fprintf(t.w, "%s %s\n", t.ok.Sprint("●"), strings.Join(parts, " → "))
	}
	t.endCycle()
}

// endCycle forgets the cycle that just ended.
func (t *terminal) endCycle() {
	t.first, t.building, t.changed, t.built, t.gen = false, false, nil, 0, 0
}

// buildFailed prints "✗ build failed (2 errors)" and the errors, one per
// line, relative to the module root.
func (t *terminal) buildFailed(err *reloader.BuildError) {
	t.endCycle()
	if err == nil {
		t.errorf("build failed")
		t.awaitSave()
		return
	}
	what := "build"
	if err.Command != "" {
		what = err.Command
	}
	defer t.awaitSave()
	n := len(err.Errors)
	switch n {
	case 0:
		t.errorf("%s failed\n%s", what, strings.TrimSpace(err.Output))
		return
	case 1:
		t.errorf("%s failed (1 error)", what)
	default:
		t.errorf("%s failed (%d errors)", what, n)
	}
	for i, ce := range err.Errors {
		if i == maxErrors {
			fmt.Fprintf(t.w, "  %s\n", t.dim.Sprintf("… and %d more", n-maxErrors))
			break
		}
		ce.File = t.rel(ce.File)
		fmt.Fprintf(t.w, "  %s\n", ce)
	}
}

// crashed prints "✗ app crashed: panic: … (exit status 2)", with advice
// when the app tried to listen on devserve's own port or the engine has
// a hint.
func (t *terminal) crashed(ev reloader.Event) {
	t.endCycle()
	title, output := ev.ExitStatus, ""
	if ev.Report != nil {
		title, output = ev.Report.Title, ev.Report.Message+"\n"+ev.Report.Output
	}
	if ev.ExitStatus != "" && !strings.Contains(title, ev.ExitStatus) {
		title += " (" + ev.ExitStatus + ")"
	}
	t.errorf("app crashed: %s", title)
	for _, hint := range []string{proxy.PortConflict(output, t.publicAddr), ev.Hint} {
		if hint != "" {
			fmt.Fprintf(t.w, "  %s\n", hint)
		}
	}
	t.awaitSave()
}

// cause describes what started the running cycle.
func (t *terminal) cause() string {
	switch n := len(t.changed); {
	case t.first:
		return "first build"
	case n == 0 && !t.building:
		return "watched file changed"
	case n == 0:
		return "rebuild"
	}
	return changedText(t.changed)
}

// changedText says which files changed: "a.go changed", "a.go, b.go
// changed", "a.go, b.go and 3 more changed".
func changedText(names []string) string {
	switch n := len(names); {
	case n == 1:
		return names[0] + " changed"
	case n <= 3:
		return strings.Join(names, ", ") + " changed"
	default:
		return fmt.Sprintf("%s and %d more changed", strings.Join(names[:2], ", "), n-2)
	}
}

// errorf prints an error line; quiet does not silence it.
func (t *terminal) errorf(format string, args ...any) {
	fmt.Fprintf(t.w, "%s %s\n", t.bad.Sprint("✗"), fmt.Sprintf(format, args...))
}

// verbosef prints a detail line when verbose.
func (t *terminal) verbosef(format string, args ...any) {
	if t.verbose {
		fmt.Fprintf(t.w, "  %s\n", t.dim.Sprintf(format, args...))
	}
}

// relative returns names relative to the module root where possible.
func (t *terminal) relative(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = t.rel(n)
	}
	return out
}

// rel returns name relative to the module root, if it is below it.
func (t *terminal) rel(name string) string {
	if !filepath.IsAbs(name) {
		return filepath.ToSlash(name)
	}
	if r, err := filepath.Rel(t.root, name); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return name
}

// seconds formats d like "0.82s".
func seconds(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

// millis formats d like "41ms", or in seconds from one second up.
func millis(d time.Duration) string {
	if d >= time.Second {
		return seconds(d)
	}
	return fmt.Sprintf("%dms", d.Milliseconds())
}
