package proxy

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// roundTrip records what happened to one request forwarded to the app.
type roundTrip struct {
	local     atomic.Pointer[string] // local address of the connection used
	app       *app                   // the app the request went to
	retry     bool                   // nothing was written: the request is to be sent again
	cancel    func()                 // the reverse proxy's: ends the exchange with the app
	websocket bool                   // the request asks for an upgrade to WebSocket
	stream    *stream                // the response, if it is a stream
	in        *http.Request          // the client's request
	start     time.Time              // when forwarding began
}

// roundTripKey is the context key of a forwarded request's *roundTrip.
type roundTripKey struct{}

// forward sends r to the app and its response to w. It reports whether
// r is to be sent again, to the app's next process: nothing was written.
func (p *Proxy) forward(w http.ResponseWriter, r *http.Request, st *state) (retry bool) {
	st.app.forwards.Add(1)
	defer st.app.forwards.Add(-1)
	if plain(r) {
		return p.forwardPlain(w, r, st)
	}
	return p.forwardReverse(w, r, st)
}

// forwardReverse sends r to the app through httputil.ReverseProxy: the
// path of requests with a body, upgrades and CONNECT. It reports what
// forward reports.
func (p *Proxy) forwardReverse(w http.ResponseWriter, r *http.Request, st *state) (retry bool) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	rt := &roundTrip{app: st.app, cancel: cancel, websocket: isWebSocket(r), in: r, start: time.Now()}
	ctx = context.WithValue(ctx, roundTripKey{}, rt)
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			local := info.Conn.LocalAddr().String()
			rt.local.Store(&local)
		},
	})
	if r.Header.Get("Upgrade") != "" {
		w = &upgradeWriter{ResponseWriter: w, rt: rt}
	}
	// The transport may still be reading r's body when the app's response
	// head comes: the server must not discard it then.
	http.NewResponseController(w).EnableFullDuplex()
	defer rt.untrack()
	st.app.rp.ServeHTTP(w, r.WithContext(ctx))
	return rt.retry
}

// untrack removes the stream of rt, if its response was one, from its
// app's, once the response is over.
func (rt *roundTrip) untrack() {
	if rt.stream != nil {
		rt.app.untrack(rt.stream)
	}
}

// reverseProxy returns the reverse proxy to a, whose HTML pages get the
// live-reload script of generation gen.
func (p *Proxy) reverseProxy(a *app, gen string) *httputil.ReverseProxy {
	plainURL, tlsURL := &url.URL{Scheme: "http", Host: a.addr}, &url.URL{Scheme: "https", Host: a.addr}
	return &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			if a.tlsConfig() != nil {
				pr.SetURL(tlsURL)
			} else {
				pr.SetURL(plainURL)
			}
			pr.Out.Host = pr.In.Host
			setTarget(pr.Out.URL, requestTarget(pr.In))
			f := p.forwarded(pr.In)
			f.set(pr.Out.Header)
		},
		Transport:  p.transport,
		BufferPool: &p.buffers,
		ModifyResponse: func(resp *http.Response) error {
			p.answerRecoveredReverse(resp)
			if rt, ok := resp.Request.Context().Value(roundTripKey{}).(*roundTrip); ok {
				rt.track(resp, rt.cancel)
			}
			if !p.NoReload {
				addScript(resp, gen)
			}
			return nil
		},
		ErrorHandler: p.proxyError,
	}
}

// proxyError answers a request whose round trip to the app failed. When
// the app refused the connection, or went away (stopped by the engine)
// while a request that may be repeated was in flight, it writes nothing
// and the request is sent again to the next process. Otherwise it answers
// with the traceback of the handler panic that broke the connection, the
// crash page, or a page saying what failed.
func (p *Proxy) proxyError(w http.ResponseWriter, r *http.Request, err error) {
	if rt, ok := r.Context().Value(roundTripKey{}).(*roundTrip); ok {
		p.failed(w, r, rt, err)
	}
}

// failed answers r, whose round trip rt to the app failed with err, as
// proxyError says, or marks it to be sent again.
func (p *Proxy) failed(w http.ResponseWriter, r *http.Request, rt *roundTrip, err error) {
	if r.Context().Err() != nil {
		return // the client went away
	}
	local := ""
	if l := rt.local.Load(); l != nil {
		local = *l
	}
	if local == "" && isRefused(err) {
		rt.retry = true
		return
	}
	rep, st := p.awaitPanic(r.Context(), local, rt.app)
	switch {
	case rep != nil:
		p.writeReport(w, r, http.StatusInternalServerError, withRequest(rep, r))
	case st.phase == phaseCrashed:
		p.serveState(w, r, st)
	case st.app != rt.app && idempotent(r):
		rt.retry = true
	default:
		p.writeReport(w, r, http.StatusBadGateway, brokenReport(err))
	}
}

// awaitPanic waits briefly for the engine to report a handler panic on
// the connection whose local address is local, and returns its report.
// It returns nil instead, with the current state, when none came in time,
// or when a is gone first.
func (p *Proxy) awaitPanic(ctx context.Context, local string, a *app) (*debugpage.Report, *state) {
	timer := time.NewTimer(durationOr(p.PanicWait, 2*time.Second))
	defer timer.Stop()
	for {
		if local != "" {
			if rep := p.claimPanic(local); rep != nil {
				return rep, nil
			}
		}
		st, changed := p.snapshot()
		if st.app != a || local == "" {
			return nil, st
		}
		select {
		case <-changed:
		case <-timer.C:
			return nil, st
		case <-ctx.Done():
			return nil, st
		}
	}
}

// idempotent reports whether r may be sent twice with the same effect.
func idempotent(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

// isRefused reports whether err means the connection to the app could
// not be made at all.
func isRefused(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// newTransport returns the transport to the app for the requests
// forwardPlain does not send: HTTP/1.1 over loopback, plain or over TLS,
// no proxies, no added compression, a generous idle pool.
func newTransport() *http.Transport {
	return &http.Transport{
		DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		DialTLSContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
			c, _, err := dialApp(ctx, addr, clientTLS(addr))
			return c, err
		},
		MaxIdleConns:        2 * maxIdlePerApp,
		MaxIdleConnsPerHost: maxIdlePerApp,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
}

// bufferPool recycles the buffers reverse proxies copy bodies with, which
// they would otherwise allocate afresh for every response.
type bufferPool struct{ pool sync.Pool }

// Get returns a buffer.
func (bp *bufferPool) Get() []byte {
	if b, ok := bp.pool.Get().(*[]byte); ok {
		return *b
	}
	return make([]byte, 32<<10)
}

// Put returns a buffer to the pool.
func (bp *bufferPool) Put(b []byte) { bp.pool.Put(&b) }
