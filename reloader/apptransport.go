package reloader

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"
)

// appTransport carries the proxy's requests to the app and tells each
// request's roundTrip which connection it used, so that a handler panic
// net/http reports for that connection can be matched to it.
//
// A request without a body (pages, assets, reads: nearly every request in
// development) is written and its response read by the goroutine that
// serves it, over a pooled keep-alive connection. That is half the work
// of an http.Transport, whose two goroutines per connection hand every
// exchange over through channels, and it is what lets the proxy keep up
// with the app on a small machine. Requests with a body and upgrades
// (WebSockets) go through an http.Transport, which writes and reads at
// once.
type appTransport struct {
	std    *http.Transport
	dialer net.Dialer

	mu   sync.Mutex
	idle map[string][]*appConn // by address; the most recently used last
}

// maxIdlePerApp bounds the keep-alive connections kept to one address.
const maxIdlePerApp = 256

// newAppTransport returns the transport to the app: plain HTTP/1.1 over
// loopback, no proxies, no added compression, a generous idle pool.
func newAppTransport() *appTransport {
	return &appTransport{
		std: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			MaxIdleConns:        2 * maxIdlePerApp,
			MaxIdleConnsPerHost: maxIdlePerApp,
			IdleConnTimeout:     30 * time.Second,
			DisableCompression:  true,
		},
		dialer: net.Dialer{Timeout: 5 * time.Second},
		idle:   make(map[string][]*appConn),
	}
}

// appConn is a keep-alive connection to the app.
type appConn struct {
	net.Conn
	br    *bufio.Reader
	bw    *bufio.Writer
	local string // the local address, as net/http's panic log names it
}

// RoundTrip implements http.RoundTripper.
func (t *appTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rt, _ := req.Context().Value(roundTripKey{}).(*roundTrip)
	if !direct(req) {
		if rt != nil {
			req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
				GotConn: func(info httptrace.GotConnInfo) {
					local := info.Conn.LocalAddr().String()
					rt.local.Store(&local)
				},
			}))
		}
		return t.std.RoundTrip(req)
	}
	c, err := t.conn(req.Context(), req.URL.Host)
	if err != nil {
		return nil, err
	}
	if rt != nil {
		rt.local.Store(&c.local)
	}
	// A client that goes away unblocks the exchange by ending it.
	stop := context.AfterFunc(req.Context(), func() { c.SetDeadline(time.Unix(1, 0)) })
	resp, err := c.exchange(req)
	if err != nil {
		stop()
		c.Close()
		return nil, err
	}
	reuse := !resp.Close && !req.Close
	if resp.Body == http.NoBody {
		t.release(req.URL.Host, c, stop() && reuse)
		return resp, nil
	}
	resp.Body = &appBody{ReadCloser: resp.Body, t: t, addr: req.URL.Host, c: c, stop: stop, reuse: reuse}
	return resp, nil
}

// direct reports whether req may be sent over a pooled connection by its
// own goroutine: it has no body and asks for no protocol upgrade.
func direct(req *http.Request) bool {
	return directPossible && (req.Body == nil || req.Body == http.NoBody) &&
		req.Header.Get("Upgrade") == "" && req.URL.Scheme == "http"
}

// exchange writes req and reads the head of its response, passing on any
// informational (1xx) responses before it to the request's trace.
func (c *appConn) exchange(req *http.Request) (*http.Response, error) {
	if err := req.Write(c.bw); err != nil {
		return nil, err
	}
	if err := c.bw.Flush(); err != nil {
		return nil, err
	}
	for {
		resp, err := http.ReadResponse(c.br, req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode >= 200 || resp.StatusCode == http.StatusSwitchingProtocols {
			return resp, nil
		}
		if trace := httptrace.ContextClientTrace(req.Context()); trace != nil && trace.Got1xxResponse != nil {
			if err := trace.Got1xxResponse(resp.StatusCode, map[string][]string(resp.Header)); err != nil {
				return nil, err
			}
		}
	}
}

// conn returns an idle connection to addr that the app has not closed,
// or a new one.
func (t *appTransport) conn(ctx context.Context, addr string) (*appConn, error) {
	for {
		t.mu.Lock()
		pool := t.idle[addr]
		if len(pool) == 0 {
			t.mu.Unlock()
			break
		}
		c := pool[len(pool)-1]
		pool[len(pool)-1] = nil
		t.idle[addr] = pool[:len(pool)-1]
		t.mu.Unlock()
		if c.br.Buffered() == 0 && open(c.Conn) {
			return c, nil
		}
		c.Close()
	}
	nc, err := t.dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return &appConn{
		Conn:  nc,
		br:    bufio.NewReaderSize(nc, 4<<10),
		bw:    bufio.NewWriterSize(nc, 4<<10),
		local: nc.LocalAddr().String(),
	}, nil
}

// release puts c back in addr's pool if reuse holds, else closes it.
func (t *appTransport) release(addr string, c *appConn, reuse bool) {
	if reuse {
		t.mu.Lock()
		if pool := t.idle[addr]; len(pool) < maxIdlePerApp {
			t.idle[addr] = append(pool, c)
			t.mu.Unlock()
			return
		}
		t.mu.Unlock()
	}
	c.Close()
}

// CloseIdleConnections closes every idle connection.
func (t *appTransport) CloseIdleConnections() {
	t.mu.Lock()
	idle := t.idle
	t.idle = make(map[string][]*appConn)
	t.mu.Unlock()
	for _, pool := range idle {
		for _, c := range pool {
			c.Close()
		}
	}
	t.std.CloseIdleConnections()
}

// appBody is the body of a response read over a pooled connection; the
// connection goes back to the pool once the body has been read to its end.
type appBody struct {
	io.ReadCloser
	t     *appTransport
	addr  string
	c     *appConn
	stop  func() bool
	reuse bool
	end   error // what Read returns once the connection is handed back
}

// Read implements io.Reader.
func (b *appBody) Read(p []byte) (int, error) {
	if b.end != nil {
		return 0, b.end
	}
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.finish(err)
	}
	return n, err
}

// Close implements io.Closer: a body not read to its end takes its
// connection with it.
func (b *appBody) Close() error {
	if b.end == nil {
		b.finish(errBodyClosed)
	}
	return nil
}

// errBodyClosed is what reading a response body after closing it returns.
var errBodyClosed = errors.New("read on a closed response body")

// finish hands the connection back if the body ended with io.EOF, or
// closes it, and makes every further Read return end.
func (b *appBody) finish(end error) {
	b.end = end
	b.t.release(b.addr, b.c, b.stop() && end == io.EOF && b.reuse)
}
