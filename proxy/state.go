package proxy

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

// phase is what the proxy does with a request.
type phase int

const (
	phaseWaiting      phase = iota // building or starting: hold requests
	phaseReady                     // forward to the app
	phaseBuildFailed               // serve the build-error page
	phaseCrashed                   // serve the crash page
	phaseNotListening              // serve the page naming the expected address
)

// state is one snapshot of what the proxy knows about the app. A state
// is never modified once published; Handle publishes a new one.
type state struct {
	phase  phase
	boot   string            // identifies this proxy's life, so pages from an earlier one reload
	gen    int               // incremented whenever open pages should reload
	styles int               // incremented whenever open pages should fetch their stylesheets again
	addr   string            // the app's address, once Started
	app    *app              // the app to forward to, from Ready to Stopped
	report *debugpage.Report // phaseBuildFailed, phaseCrashed, phaseNotListening

	since    time.Time // phaseWaiting: when the wait began
	building bool      // a build is under way
	output   []string  // the last lines of the build's output, appended to in place: read only output[:len]
	outputN  int       // lines of the build's output in all
}

// genString is the reload generation as the live-reload script reads it:
// BOOT.GEN, and .STYLES once stylesheets have changed without a reload.
func (st *state) genString() string {
	if st.styles > 0 {
		return fmt.Sprintf("%s.%d.%d", st.boot, st.gen, st.styles)
	}
	return fmt.Sprintf("%s.%d", st.boot, st.gen)
}

// StylesOnly reports whether a change of the files changed, all
// stylesheets, is shown by fetching the pages' stylesheets again rather
// than by reloading them.
func StylesOnly(changed []string) bool {
	for _, name := range changed {
		if !strings.EqualFold(path.Ext(name), ".css") {
			return false
		}
	}
	return len(changed) > 0
}

// panicRecord is a handler panic reported by the engine and not yet
// matched to the request that caused it.
type panicRecord struct {
	report *debugpage.Report
	at     time.Time
}

// panicKeep is how long an unmatched handler panic is remembered.
const panicKeep = time.Minute

// initLocked sets up the proxy's state on first use. p.mu must be held.
func (p *Proxy) initLocked() {
	if p.changed != nil {
		return
	}
	p.changed = make(chan struct{})
	p.panics = make(map[string]panicRecord)
	p.st = &state{boot: newBootID(), since: time.Now()}
	p.transport = newTransport()
}

// newBootID returns a short random identifier.
func newBootID() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// snapshot returns the current state and a channel closed at its next
// change.
func (p *Proxy) snapshot() (*state, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.initLocked()
	return p.st, p.changed
}

// publishLocked makes next the current state and wakes everyone waiting
// for a change. p.mu must be held.
func (p *Proxy) publishLocked(next state) {
	p.st = &next
	close(p.changed)
	p.changed = make(chan struct{})
}

// Handle updates the proxy with an event from the engine. Call it from
// Engine.OnEvent; it never blocks for long. From Stopping on, requests
// wait for the next app, and the streams open to the app being stopped
// are ended (see stream).
func (p *Proxy) Handle(ev reloader.Event) {
	if stopping := p.apply(ev); stopping != nil {
		stopping.stop()
	}
}

// apply updates the state with ev and returns the app ev says is being
// stopped, if any.
func (p *Proxy) apply(ev reloader.Event) (stopping *app) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.initLocked()
	defer func() { p.agents.handle(ev, p.st.report) }() // the state published, whatever the case
	next := *p.st
	switch ev.Kind {
	case reloader.Building:
		next.building, next.output, next.outputN = true, nil, 0
		if next.phase != phaseReady { // the running app keeps serving while the new one builds
			next.phase = phaseWaiting
		}
	case reloader.BuildOutput:
		next.addOutput(ev.Line)
	case reloader.Built:
		next.building = false
	case reloader.BuildFailed:
		next.phase, next.report, next.app = phaseBuildFailed, buildReport(ev.Err), nil
		next.building = false
		next.gen++
	case reloader.Started:
		next.phase, next.addr, next.app = phaseWaiting, ev.Addr, nil
	case reloader.Ready:
		next.phase, next.addr, next.report = phaseReady, ev.Addr, nil
		next.gen++
		next.app = p.newApp(ev.Addr, next.genString())
	case reloader.NotListening:
		next.phase, next.report, next.app = phaseNotListening, p.notListeningReport(ev), nil
		next.gen++
	case reloader.Crashed:
		next.phase, next.report, next.app = phaseCrashed, p.crashPage(ev), nil
		next.gen++
	case reloader.Stopping:
		if next.phase != phaseReady {
			return nil
		}
		next.phase, stopping = phaseWaiting, next.app
	case reloader.Stopped:
		p.transport.CloseIdleConnections()
		p.pool.closeIdle()
		if next.app == nil {
			return nil
		}
		next.phase, next.app = phaseWaiting, nil
	case reloader.PanicLogging:
		p.panicLog = time.Now()
		return nil
	case reloader.HandlerPanic:
		if p.Inspect != nil {
			ev.Report = withLocalsFix(ev.Report, ev.Framework)
		}
		if ev.Framework != "" {
			p.recordRecoveredLocked(ev)
			break
		}
		p.recordPanicLocked(ev)
	case reloader.Reloaded:
		if StylesOnly(ev.Changed) {
			next.styles++
		} else {
			next.gen++
		}
	default:
		return nil
	}
	if next.phase == phaseWaiting && p.st.phase != phaseWaiting {
		next.since = time.Now()
	}
	p.publishLocked(next)
	return stopping
}

// addOutput adds a line of the build's output, forgetting the oldest
// beyond maxOutputLines.
func (st *state) addOutput(line string) {
	if len(st.output) >= maxOutputLines {
		st.output = slices.Clone(st.output[len(st.output)-maxOutputLines/2:])
	}
	st.output = append(st.output, line)
	st.outputN++
}

// newApp returns the app at addr, whose HTML pages get the live-reload
// script of generation gen.
func (p *Proxy) newApp(addr, gen string) *app {
	a := &app{addr: addr, tls: appTLS{force: p.AppTLS}}
	a.rp = p.reverseProxy(a, gen)
	return a
}

// InFlight returns how many requests the proxy has forwarded to the app
// and not yet seen answered in full, streams left out (server-sent
// events, other responses the app holds open, upgraded connections): the
// requests a graceful shutdown of the app waits for. Called on the
// engine's Stopping event, it counts those the stopping app is finishing.
func (p *Proxy) InFlight() int {
	st, _ := p.snapshot()
	if st.app == nil {
		return 0
	}
	return st.app.inFlight()
}

// buildReport returns the report of a failed build.
func buildReport(err *reloader.BuildError) *debugpage.Report {
	if err == nil {
		return &debugpage.Report{Kind: debugpage.KindBuild, Title: "build failed", Time: time.Now()}
	}
	return err.Report()
}

// recordPanicLocked remembers a handler panic until the request that
// caused it claims it, forgetting those nobody claimed. p.mu must be held.
func (p *Proxy) recordPanicLocked(ev reloader.Event) {
	now := time.Now()
	for remote, rec := range p.panics {
		if now.Sub(rec.at) > panicKeep {
			delete(p.panics, remote)
		}
	}
	p.panics[ev.Remote] = panicRecord{report: ev.Report, at: now}
}

// claimPanic returns and forgets the handler panic net/http reported for
// the connection whose local address is local, if it was reported.
func (p *Proxy) claimPanic(local string) *debugpage.Report {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.initLocked()
	rec, ok := p.panics[local]
	if !ok {
		return nil
	}
	delete(p.panics, local)
	return rec.report
}
