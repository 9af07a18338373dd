package proxy

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
)

// plain reports whether forwardPlain can send r: it has no body and asks
// for no protocol upgrade, as nearly every request in development (pages,
// assets, reads). Others go through httputil.ReverseProxy.
func plain(r *http.Request) bool {
	return plainPossible && (r.Body == nil || r.Body == http.NoBody) &&
		r.Method != http.MethodConnect && r.Header.Get("Upgrade") == ""
}

// forwardPlain sends r to the app and its response to w, as the reverse
// proxy would, but writing the request and reading the response itself,
// on the serving goroutine, over a pooled connection: none of the
// request copies, contexts and goroutine hand-offs of httputil and
// http.Transport, which cost as much as the exchange itself. It reports
// whether r is to be sent again, to the app's next process: nothing was
// written.
func (p *Proxy) forwardPlain(w http.ResponseWriter, r *http.Request, st *state) (retry bool) {
	rt := &roundTrip{app: st.app, in: r, start: time.Now()}
	c, err := p.pool.get(r.Context(), st.addr, st.app.tlsConfig())
	if err != nil {
		p.failed(w, r, rt, err)
		return rt.retry
	}
	rt.local.Store(&c.local)
	// A client that goes away ends the exchange: the app sees it too.
	stop := context.AfterFunc(r.Context(), func() { c.SetDeadline(time.Unix(1, 0)) })
	resp, err := p.exchange(c, w, r, st.addr)
	if err != nil {
		stop()
		c.Close()
		p.failed(w, r, rt, err)
		return rt.retry
	}
	reuse := !resp.Close && streamKindOf(resp) == notStream // a stream's connection may be cut at any time
	if resp.Body == http.NoBody {
		p.pool.put(st.addr, c, stop() && reuse)
	} else {
		resp.Body = &appBody{ReadCloser: resp.Body, pool: &p.pool, addr: st.addr, c: c, stop: stop, reuse: reuse}
	}
	p.answerRecovered(r, resp, rt)
	rt.track(resp, c.cut)
	defer rt.untrack()
	p.relay(w, r, resp, st)
	return false
}

// exchange writes r to c and reads the head of the app's response,
// passing informational (1xx) responses before it on to w.
func (p *Proxy) exchange(c *appConn, w http.ResponseWriter, r *http.Request, addr string) (*http.Response, error) {
	if err := p.writeRequest(c.bw, r, addr); err != nil {
		return nil, err
	}
	if err := c.bw.Flush(); err != nil {
		return nil, err
	}
	for {
		resp, err := http.ReadResponse(c.br, r)
		switch {
		case err != nil:
			return nil, err
		case resp.StatusCode == http.StatusSwitchingProtocols:
			return nil, errors.New("the app switched protocols on a request that asked for no upgrade")
		case resp.StatusCode >= 200:
			return resp, nil
		}
		h := w.Header()
		for k, vv := range resp.Header {
			h[k] = vv
		}
		w.WriteHeader(resp.StatusCode)
		clear(h)
	}
}

// writeRequest writes the request the app is sent for r: r's head as the
// client sent it, without the hop-by-hop headers, with the fields the
// proxy sets itself (see forwarded). A request without a Host names the
// app's address, addr.
func (p *Proxy) writeRequest(bw *bufio.Writer, r *http.Request, addr string) error {
	host := r.Host
	if host == "" {
		host = addr
	}
	bw.WriteString(r.Method)
	bw.WriteByte(' ')
	bw.WriteString(requestTarget(r))
	bw.WriteString(" HTTP/1.1\r\nHost: ")
	bw.WriteString(host)
	bw.WriteString("\r\n")
	f := p.forwarded(r)
	conn := r.Header["Connection"]
	for k, vv := range r.Header {
		if hopByHop(k, conn) || f.replaces(k) {
			continue
		}
		for _, v := range vv {
			writeField(bw, k, v)
		}
	}
	if hasToken(r.Header["Te"], "trailers") {
		writeField(bw, "Te", "trailers")
	}
	for _, fl := range f.list() {
		writeField(bw, fl.k, fl.v)
	}
	_, err := bw.WriteString("\r\n")
	return err
}

// writeField writes one header field.
func writeField(bw *bufio.Writer, k, v string) {
	bw.WriteString(k)
	bw.WriteString(": ")
	bw.WriteString(v)
	bw.WriteString("\r\n")
}

// relay writes resp, the app's response to r, to w: its head without
// the hop-by-hop headers, its body (with the live-reload script when it
// is a page, flushed as it comes when it streams) and its trailers. A
// response that breaks off midway aborts w, as httputil's does, so that
// the client never takes a cut body for a whole one.
func (p *Proxy) relay(w http.ResponseWriter, r *http.Request, resp *http.Response, st *state) {
	defer resp.Body.Close()
	conn := resp.Header["Connection"]
	for k := range resp.Header {
		if hopByHop(k, conn) {
			delete(resp.Header, k)
		}
	}
	if !p.NoReload && injectable(r, resp) {
		addScript(resp, st.genString())
	}
	h := w.Header()
	for k, vv := range resp.Header {
		h[k] = vv
	}
	for k := range resp.Trailer {
		h.Add("Trailer", k)
	}
	w.WriteHeader(resp.StatusCode)
	streaming := resp.ContentLength == -1 || isEventStream(resp.Header)
	if err := p.copyBody(w, resp.Body, streaming); err != nil {
		panic(http.ErrAbortHandler)
	}
	if len(resp.Trailer) > 0 {
		http.NewResponseController(w).Flush()
		for k, vv := range resp.Trailer {
			h[http.TrailerPrefix+k] = vv
		}
	}
}

// copyBody copies body to w, flushing after every write if streaming.
func (p *Proxy) copyBody(w http.ResponseWriter, body io.Reader, streaming bool) error {
	buf := p.buffers.Get()
	defer p.buffers.Put(buf)
	var rc *http.ResponseController
	if streaming {
		rc = http.NewResponseController(w)
	}
	for {
		n, err := body.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return werr
			}
			if rc != nil {
				if ferr := rc.Flush(); ferr != nil && !errors.Is(ferr, http.ErrNotSupported) {
					return ferr
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// isEventStream reports whether h describes server-sent events.
func isEventStream(h http.Header) bool {
	ct, _, _ := strings.Cut(h.Get("Content-Type"), ";")
	return strings.EqualFold(strings.TrimSpace(ct), "text/event-stream")
}

// appBody is the body of a response read over a pooled connection; the
// connection goes back to the pool once the body has been read to its end.
type appBody struct {
	io.ReadCloser
	pool  *appPool
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
	b.pool.put(b.addr, b.c, b.stop() && end == io.EOF && b.reuse)
}
