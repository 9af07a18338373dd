package proxy

import (
	"context"
	"log"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// ReportWriter writes a Report as the response to r, in the form r asks
// for (HTML, text or JSON). *debugpage.Renderer is one.
type ReportWriter interface {
	Write(w http.ResponseWriter, r *http.Request, status int, rep *debugpage.Report)
}

// Proxy is the handler on devserve's public address. It forwards requests
// to the app the engine runs, holds them while the app is being built or
// started, answers with the build-error, crash or panic page when there is
// one, and adds live reload to HTML pages. Its zero value is ready to use;
// each field documents its default. Feed it the engine's events with
// Handle; until the first Ready event, requests wait. A Proxy is safe for
// concurrent use and must not be copied or have its fields changed after
// first use.
//
// Everything the proxy serves itself lives under /__devserve/: the
// live-reload script and its server-sent events at /__devserve/events.
type Proxy struct {
	// Pages writes the error pages. If nil, a zero debugpage.Renderer is
	// used.
	Pages ReportWriter

	// Assets serves the other paths under /__devserve/: the styles and
	// scripts of the error pages. If nil, debugpage.Assets() is used.
	Assets http.Handler

	// Wait bounds how long a request waits while the app is being built
	// or started; after it, a short 503 asks the client to try again. A
	// browser's request for a page gets the waiting page after a second
	// instead: the time waited and the build's output as it comes, until
	// the app is ready or cannot be, or until Wait, when the page
	// refreshes itself. If zero, 30s is used.
	Wait time.Duration

	// PanicWait bounds how long a request whose connection to the app
	// broke waits for the engine to report the handler panic that broke
	// it. If zero, 2s is used.
	PanicWait time.Duration

	// NoReload turns live reload off: HTML pages are passed on untouched.
	NoReload bool

	// Trust decides which clients see the pages the proxy draws (the
	// build error, the crash, a handler panic, an app not listening),
	// which show source: an untrusted client gets a plain 500 with an id
	// that Log shows next to the page's text. It also lists the host
	// names, beside localhost and the addresses of this machine the
	// request came in on, under which the proxy serves /__devserve/ and
	// its pages: any other Host gets a 400 (DNS rebinding). Requests the
	// app answers are not host-checked: the app's pages are its own. Its
	// Secret is ignored. If nil, loopback clients only are trusted and
	// only the default host names allowed.
	Trust *debugpage.Trust

	// Secret is the per-run secret handed to the app in DEVSERVE_SECRET:
	// every request forwarded to the app carries the client's address in
	// debugpage.ForwardedHeader, signed with it (the secret itself never
	// travels), so that the app's debugger knows whom it answers. A copy
	// of the header sent by the client is always removed. If empty, none
	// is sent.
	Secret string

	// Log receives the text of every page withheld from an untrusted
	// client, under the id the client was given. If nil, the standard
	// logger is used.
	Log *log.Logger

	// AppTLS makes the proxy speak TLS to the app. If false, it does so
	// to an app that answers TLS on its port, which it finds out at the
	// first request to each run of the app. The app's certificate is not
	// checked when it listens on loopback.
	AppTLS bool

	// Inspect, if non-nil, serves the console of the pages that show a
	// parked goroutine, under InspectPrefix (an *Inspection), to trusted
	// clients under the allowed host names.
	Inspect http.Handler

	// PublicAddr is the address the proxy is served on and AppAddr the
	// one the app was told to use (Engine.AppAddr); both only word the
	// advice on pages about an app that listens in the wrong place.
	PublicAddr, AppAddr string

	// Output holds the app's output for the agents' logs (the MCP
	// server at /__devserve/mcp and the JSON API under /__devserve/api/).
	// If nil, the logs are empty.
	Output *Output

	// Token lets a client of the agents' API change something (restart)
	// when it sends it as "Authorization: Bearer TOKEN"; MCP clients on
	// this machine need none. If empty, the JSON API's restart is refused.
	Token string

	// OnRestart is called when an agent asks for a rebuild and restart:
	// Engine.Restart. If nil, restart is refused.
	OnRestart func()

	// Root is the module root, where the fixes a page offers run their go
	// command (go mod tidy, go get). If empty, those fixes are advice only.
	Root string

	// OnRebuild rebuilds and restarts the app with flags added to its
	// build flags (Engine.RestartWith), for the fix that rebuilds with
	// -race. If nil, that fix is advice only.
	OnRebuild func(flags ...string)

	// OutputPending, if set, reports whether the app's output holds what
	// Handle has not yet been given, and whether that is known: the
	// engine's Engine.OutputPending. A 500 from the app then waits for a
	// framework's panic log exactly as long as one may be on its way;
	// without it, or where it is not known, a 500 waits a fixed grace.
	OutputPending func() (pending, known bool)

	// MCP serves the MCP endpoint, /__devserve/mcp, to the requests the
	// proxy lets through: devserve's is mcpserver.Handler. If nil, the
	// endpoint answers 404.
	MCP http.Handler

	defaultsOnce sync.Once
	defaultsVal  *proxyDefaults

	streams atomic.Int64 // live-reload event streams open, for tests
	buffers bufferPool   // copy buffers of the reverse proxies
	agents  agentState   // the agents' view of the app

	mu        sync.Mutex // guards the fields below
	st        *state
	changed   chan struct{} // closed at every change of st or panics
	panics    map[string]panicRecord
	recovered recoveredPanics // those frameworks recovered, unclaimed
	panicLog  time.Time       // when the app last began to log a handler panic
	transport *http.Transport // for what forwardPlain does not send
	pool      appPool         // for what forwardPlain sends
}

// ServeHTTP serves r: from the proxy itself under /__devserve/, else from
// the app or from the page that says why the app cannot answer.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, ownPrefix) {
		if p.hostAllowed(w, r) {
			p.serveOwn(w, r)
		}
		return
	}
	body := guardBody(r)
	start := time.Now()
	deadline := start.Add(durationOr(p.Wait, 30*time.Second))
	page := getsWaitingPage(r)
	hold := deadline
	if page && start.Add(waitingPageAfter).Before(deadline) {
		hold = start.Add(waitingPageAfter)
	}
	for {
		st, ok := p.await(r.Context(), hold)
		switch {
		case r.Context().Err() != nil:
			return
		case !ok && page:
			p.serveWaitingPage(w, r, deadline)
			return
		case !ok:
			p.serveWaiting(w, r)
			return
		case st.phase != phaseReady:
			p.serveState(w, r, st)
			return
		}
		if !p.forward(w, r, st) {
			return
		}
		if body.used() || !p.awaitChange(r.Context(), st, deadline) {
			p.writeReport(w, r, http.StatusBadGateway, p.goneReport(st.addr))
			return
		}
	}
}

// serveOwn serves the paths under /__devserve/.
func (p *Proxy) serveOwn(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == eventsPath:
		p.serveEvents(w, r)
	case r.URL.Path == scriptPath:
		serveScript(w, r)
	case r.URL.Path == mcpPath:
		p.serveMCP(w, r)
	case strings.HasPrefix(r.URL.Path, apiPrefix):
		p.serveAPI(w, r)
	case strings.HasPrefix(r.URL.Path, fixPrefix):
		p.serveFix(w, r)
	case strings.HasPrefix(r.URL.Path, InspectPrefix) && p.Inspect != nil:
		p.serveInspect(w, r)
	case p.Assets != nil:
		p.Assets.ServeHTTP(w, r)
	default:
		p.defaults().assets.ServeHTTP(w, r)
	}
}

// await waits until the app is ready or cannot be, or until deadline,
// and returns the state; ok is false if the deadline passed first.
func (p *Proxy) await(ctx context.Context, deadline time.Time) (st *state, ok bool) {
	if st, _ := p.snapshot(); st.phase != phaseWaiting {
		return st, true // the common case, without a timer
	}
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		st, changed := p.snapshot()
		if st.phase != phaseWaiting {
			return st, true
		}
		select {
		case <-changed:
		case <-timer.C:
			return st, false
		case <-ctx.Done():
			return st, false
		}
	}
}

// awaitChange waits until the app that st forwards to is replaced (or
// gone), and reports whether that happened before deadline.
func (p *Proxy) awaitChange(ctx context.Context, st *state, deadline time.Time) bool {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		cur, changed := p.snapshot()
		if cur.app != st.app {
			return true
		}
		select {
		case <-changed:
		case <-timer.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
}

// durationOr returns d, or def if d is not positive.
func durationOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// proxyDefaults holds what the proxy uses when a field is left nil.
type proxyDefaults struct {
	pages  *debugpage.Renderer
	assets http.Handler
	trust  *debugpage.Trust
}

// defaults returns the proxy's defaults, made on first use.
func (p *Proxy) defaults() *proxyDefaults {
	p.defaultsOnce.Do(func() {
		p.defaultsVal = &proxyDefaults{pages: &debugpage.Renderer{Token: p.Token}, assets: debugpage.Assets(), trust: p.newProxyTrust()}
	})
	return p.defaultsVal
}

// pages returns the ReportWriter in use.
func (p *Proxy) pages() ReportWriter {
	if p.Pages != nil {
		return p.Pages
	}
	return p.defaults().pages
}
