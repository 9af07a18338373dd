package proxy

import (
	"crypto/tls"
	"net/http/httputil"
	"sync"
	"sync/atomic"
)

// app is one run of the app as the proxy forwards to it, from its Ready
// to its Stopped: where it listens, whether it speaks TLS, and the
// streams open to it, which end when the engine stops it (see stream).
type app struct {
	addr string
	rp   *httputil.ReverseProxy
	tls  appTLS

	forwards atomic.Int64 // requests forwarded to it and not yet answered in full, streams included

	mu       sync.Mutex // guards the fields below
	streams  map[*stream]struct{}
	stopping bool // the engine stops the app: every stream is ended
}

// tlsConfig returns the configuration to speak TLS to a with, or nil if
// it speaks plain HTTP.
func (a *app) tlsConfig() *tls.Config { return a.tls.config(a.addr) }

// track adds s to the streams open to a, and ends it at once if a is
// being stopped.
func (a *app) track(s *stream) {
	a.mu.Lock()
	if a.streams == nil {
		a.streams = make(map[*stream]struct{})
	}
	a.streams[s] = struct{}{}
	stopping := a.stopping
	a.mu.Unlock()
	if stopping {
		s.stop()
	}
}

// untrack removes s, which has ended.
func (a *app) untrack(s *stream) {
	s.finished.Store(true)
	a.mu.Lock()
	delete(a.streams, s)
	a.mu.Unlock()
}

// stop ends the streams open to a and every stream opened from now on,
// so that a graceful shutdown of the app does not wait for them. It does
// not wait for them to end.
func (a *app) stop() {
	a.mu.Lock()
	a.stopping = true
	open := make([]*stream, 0, len(a.streams))
	for s := range a.streams {
		open = append(open, s)
	}
	a.mu.Unlock()
	for _, s := range open {
		s.stop()
	}
}

// inFlight returns how many requests forwarded to a wait for their answer
// or are still receiving it, streams left out.
func (a *app) inFlight() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return max(0, int(a.forwards.Load())-len(a.streams))
}
