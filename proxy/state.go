package proxy

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http/httputil"
	"path"
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
	boot   string // identifies this proxy's life, so pages from an earlier one reload
	gen    int    // incremented whenever open pages should reload
	styles int    // incremented whenever open pages should fetch their stylesheets again
	addr   string // the app's address, once Started
	rp     *httputil.ReverseProxy
	report *debugpage.Report // phaseBuildFailed, phaseCrashed, phaseNotListening
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
	p.st = &state{boot: newBootID()}
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
// Engine.OnEvent; it never blocks for long.
func (p *Proxy) Handle(ev reloader.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.initLocked()
	defer func() { p.agents.handle(ev, p.st.report) }() // the state published, whatever the case
	next := *p.st
	switch ev.Kind {
	case reloader.Building:
		if next.phase == phaseReady {
			return // the running app keeps serving while the new one builds
		}
		next.phase = phaseWaiting
	case reloader.BuildFailed:
		next.phase, next.report, next.rp = phaseBuildFailed, buildReport(ev.Err), nil
		next.gen++
	case reloader.Started:
		next.phase, next.addr, next.rp = phaseWaiting, ev.Addr, nil
	case reloader.Ready:
		next.phase, next.addr, next.report = phaseReady, ev.Addr, nil
		next.gen++
		next.rp = p.reverseProxy(ev.Addr, next.genString())
	case reloader.NotListening:
		next.phase, next.report, next.rp = phaseNotListening, p.notListeningReport(ev.Addr), nil
		next.gen++
	case reloader.Crashed:
		next.phase, next.report, next.rp = phaseCrashed, p.crashPage(ev), nil
		next.gen++
	case reloader.Stopped:
		p.transport.CloseIdleConnections()
		p.pool.closeIdle()
		if next.phase != phaseReady {
			return
		}
		next.phase, next.rp = phaseWaiting, nil
	case reloader.HandlerPanic:
		p.recordPanicLocked(ev)
	case reloader.Reloaded:
		if StylesOnly(ev.Changed) {
			next.styles++
		} else {
			next.gen++
		}
	default:
		return
	}
	p.publishLocked(next)
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
