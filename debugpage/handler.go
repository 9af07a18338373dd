package debugpage

import (
	"cmp"
	"fmt"
	"log"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/devserve/devserve/templates"
)

// AssetPrefix is the path under which the debug page's stylesheets and
// script are served, and under which everything devserve serves lives.
const AssetPrefix = "/__devserve/"

// Handler returns next wrapped by a [Debugger] with default settings: a
// panic in next becomes a debug page (HTML, text or JSON, by the request's
// Accept header) with status 500. It also serves the page's assets under
// [AssetPrefix].
func Handler(next http.Handler) http.Handler {
	return new(Debugger).Handler(next)
}

// Debugger turns panics in handlers into debug pages. Its zero value is
// ready to use; each field documents its default. A Debugger must not be
// changed after its Handler method is called.
type Debugger struct {
	// Renderer draws the pages. If nil, a Renderer with default settings
	// is used.
	Renderer *Renderer

	// Log receives the traceback of every panic, and is the only place a
	// panic is reported when the response was already under way or the
	// connection hijacked. If nil, the standard logger is used.
	Log *log.Logger

	// Trust decides which clients see the page and under which host
	// names it is served; an untrusted client gets a plain 500 with an id
	// that the log shows next to the traceback, and a page or asset
	// asked for under another host name is refused with a 400. If nil,
	// TrustFromEnv is used, which trusts loopback clients only unless a
	// supervisor such as devserve run says otherwise.
	Trust *Trust

	// NoGoroutines, if set, leaves the other goroutines out of the page,
	// which saves a stack dump per panic in programs with very many.
	NoGoroutines bool
}

// Handler returns next wrapped so that a panic becomes a debug page.
//
// A panic before the response's first body byte replaces the response
// (the handler's status and headers are held back until then). A panic
// after it cannot be shown: it is logged and the connection is aborted,
// so the client sees a truncated response rather than a falsely complete
// one. A panic after the handler hijacked the connection is only logged,
// and http.ErrAbortHandler is re-panicked untouched.
func (d *Debugger) Handler(next http.Handler) http.Handler {
	rd := d.Renderer
	if rd == nil {
		rd = new(Renderer)
	}
	h := &handler{d: d, rd: rd, next: next, assets: Assets(), trust: d.Trust}
	if h.trust == nil {
		t, err := TrustFromEnv()
		if err != nil {
			h.logf("%v; trusting loopback clients only", err)
			t = &Trust{Secret: os.Getenv(SecretEnv)}
		}
		h.trust = t
	}
	sup, err := supervisorFromEnv(os.Getenv(SecretEnv))
	if err != nil {
		h.logf("%v; frames will not be inspected", err)
	}
	h.sup = sup
	return h
}

// handler is the http.Handler a Debugger returns.
type handler struct {
	d      *Debugger
	rd     *Renderer
	next   http.Handler
	assets http.Handler
	trust  *Trust

	sup    *supervisor // offers to inspect panics; nil if none does
	parked parkSet
	gc     gcPause

	once  sync.Once // guards bi and built, found on the first panic
	bi    *debug.BuildInfo
	built time.Time
}

// ServeHTTP serves r with next, turning a panic into a debug page.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := h.trust.peer(r)
	r.Header.Del(ForwardedHeader) // the secret is not the app's to see
	if strings.HasPrefix(r.URL.Path, AssetPrefix) {
		if !h.trust.hostOK(r.Host, p.local) {
			WriteBadHost(w, r)
			return
		}
		h.assets.ServeHTTP(w, r)
		return
	}
	rw := &responseWriter{w: w, errorLog: serverLog(r)}
	defer h.recover(rw, r, p)
	h.next.ServeHTTP(rw, r)
}

// recover is deferred by ServeHTTP: it sends a held status on a normal
// return, and handles a panic of the request r that came from p.
func (h *handler) recover(rw *responseWriter, r *http.Request, p peer) {
	v := recover()
	if v == nil {
		rw.finish()
		return
	}
	if isAbort(v) {
		panic(v)
	}
	if h.sup != nil {
		h.recoverParked(v, rw, r, p)
		return
	}
	if h.respond(newCapture(v, !h.d.NoGoroutines), rw, r, p, nil) {
		panic(http.ErrAbortHandler)
	}
}

// respond answers the request whose handler panicked as c captured, or
// logs the panic when it cannot, and reports whether the response must
// be aborted. With pg set, the panicking goroutine is parked where a
// supervisor can inspect it.
func (h *handler) respond(c *capture, rw *responseWriter, r *http.Request, p peer, pg *panicking) (abort bool) {
	if negotiate(r.Header.Values("Accept")) == formatHTML {
		// Parse the page's template while the report is made and the
		// sources read; it is done once per process, and the goroutine
		// ends when it is. Started after the capture, which stops the
		// world to dump the goroutines: stopping this one mid-parse
		// would only delay it.
		go templates.Prepare()
	}
	h.once.Do(h.findBuild)
	rep := c.report(requestAsSent(r, p), h.bi, h.built)
	switch {
	case rw.hijacked:
		h.logf("debugpage: panic after the connection was hijacked, serving %s %s:\n%s", r.Method, r.URL, logText(rep))
	case rw.sent:
		h.logf("debugpage: panic after the response was under way, aborting it, serving %s %s:\n%s", r.Method, r.URL, logText(rep))
		return true
	case !h.trust.hostOK(r.Host, p.local):
		h.logf("debugpage: panic serving %s %s under host %q, which is not allowed for debug pages:\n%s", r.Method, r.URL, r.Host, logText(rep))
		WriteBadHost(rw.w, r)
	case !h.trust.trusts(p.client):
		id := NewID()
		h.logf("debugpage: panic %s serving %s %s to untrusted client %s (sent a plain 500):\n%s", id, r.Method, r.URL, p.client, logText(rep))
		WriteWithheld(rw.w, id)
	default:
		pk := h.inspect(pg, rep, WantsHTML(r))
		h.logf("debugpage: panic serving %s %s:\n%s", r.Method, r.URL, logText(rep))
		clear(rw.w.Header())
		if pk != nil {
			rw.w.Header().Set("Connection", "close") // the connection stays busy while the goroutine is parked
		}
		h.rd.Write(rw.w, r, http.StatusInternalServerError, rep)
		h.parked.holdAfter(pk, rw.w, r)
	}
	return false
}

// serverLog returns the ErrorLog of the server r came to, if any.
func serverLog(r *http.Request) *log.Logger {
	if s, ok := r.Context().Value(http.ServerContextKey).(*http.Server); ok {
		return s.ErrorLog
	}
	return nil
}

// findBuild reads the build info and the executable's time, once.
func (h *handler) findBuild() {
	h.bi, _ = debug.ReadBuildInfo()
	h.built = executableTime()
}

// logf logs to the Debugger's Log, or to the standard logger.
func (h *handler) logf(format string, args ...any) {
	cmp.Or(h.d.Log, log.Default()).Output(2, fmt.Sprintf(format, args...))
}
