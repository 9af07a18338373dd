package proxy

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

// This file serves the panics that a framework's recovery middleware
// (gin, chi, echo) recovered and logged: such an app answers 500 itself,
// keeps the connection, and logs no client address. A request the app
// answers 500 claims the first such panic logged after it was forwarded;
// one logged with the request's forwarded header (gin dumps the request)
// goes to that request first.

// A request the app answered 500 waits for the log of a recovered panic,
// which races the response to the proxy: a framework logs the panic
// before it answers, but the two come on their own paths. Where the
// engine tells whether the app's output holds lines not yet handed over
// (Proxy.OutputPending), the 500 waits while it does, up to
// recoveredMax, and is passed on at once when it holds none: the answer
// came after the log, so no panic is on its way. Elsewhere it waits
// recoveredGrace for the app to begin logging a panic at all. Once one is
// seen being logged, it waits up to recoveredWait more for the whole of it.
const (
	recoveredGrace = 50 * time.Millisecond
	recoveredWait  = 250 * time.Millisecond
	recoveredMax   = time.Second
	recoveredPoll  = 2 * time.Millisecond // how often a pending output is asked about
)

// recoveredPanic is a panic a framework recovered, not yet claimed.
type recoveredPanic struct {
	report    *debugpage.Report
	forwarded string // the request's debugpage.ForwardedHeader, if logged
	at        time.Time
}

// recoveredPanics holds the unclaimed panics frameworks recovered, oldest
// first.
type recoveredPanics []recoveredPanic

// add records ev's panic, received at now, and forgets those older than
// panicKeep.
func (rp *recoveredPanics) add(ev reloader.Event, now time.Time) {
	l := *rp
	for len(l) > 0 && now.Sub(l[0].at) > panicKeep {
		l = l[1:]
	}
	*rp = append(l, recoveredPanic{report: ev.Report, forwarded: ev.Forwarded, at: now})
}

// claim returns and forgets the panic received at or after sent that was
// logged with the forwarded header forwarded, else the first received at
// or after sent; nil if none was.
func (rp *recoveredPanics) claim(sent time.Time, forwarded string) *debugpage.Report {
	i := rp.find(sent, forwarded)
	if i < 0 {
		return nil
	}
	rep := (*rp)[i].report
	*rp = append((*rp)[:i], (*rp)[i+1:]...)
	return rep
}

// find returns the index of the panic claim returns, or -1.
func (rp recoveredPanics) find(sent time.Time, forwarded string) int {
	first := -1
	for i, rec := range rp {
		switch {
		case rec.at.Before(sent):
		case forwarded != "" && rec.forwarded == forwarded:
			return i
		case first < 0:
			first = i
		}
	}
	return first
}

// recordRecoveredLocked remembers a panic a framework recovered until
// the request it answered claims it. p.mu must be held.
func (p *Proxy) recordRecoveredLocked(ev reloader.Event) {
	p.recovered.add(ev, time.Now())
}

// awaitRecovered returns the panic a framework recovered for r, forwarded
// at sent, waiting briefly for its log; nil if none came.
func (p *Proxy) awaitRecovered(r *http.Request, sent time.Time) *debugpage.Report {
	forwarded := debugpage.ForwardedValue(r, p.Secret)
	start := time.Now()
	var logSeen time.Time // when the proxy first saw a panic being logged
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		p.mu.Lock()
		p.initLocked()
		rep, logging, changed := p.recovered.claim(sent, forwarded), !p.panicLog.Before(sent), p.changed
		p.mu.Unlock()
		if rep != nil {
			return rep
		}
		var wait time.Duration
		pending, known := p.outputPending()
		switch {
		case logging:
			if logSeen.IsZero() {
				logSeen = time.Now()
			}
			wait = recoveredWait - time.Since(logSeen)
		case known && !pending:
			return nil
		case known:
			wait = min(recoveredPoll, recoveredMax-time.Since(start))
		default:
			wait = recoveredGrace - time.Since(start)
		}
		if wait <= 0 {
			return nil
		}
		timer.Reset(wait)
		select {
		case <-changed:
		case <-timer.C:
		case <-r.Context().Done():
			return nil
		}
	}
}

// outputPending is OutputPending, unknown when it is not set.
func (p *Proxy) outputPending() (pending, known bool) {
	if p.OutputPending == nil {
		return false, false
	}
	return p.OutputPending()
}

// answerRecovered replaces resp, the app's response to r, with the
// traceback page of the panic a framework recovered for r, if resp is a
// 500 and such a panic was logged after rt's request was forwarded. It
// reports whether it did. A 500 that is a traceback page already (the
// app's debugpage.Handler drew it) is left as it is, at once.
func (p *Proxy) answerRecovered(r *http.Request, resp *http.Response, rt *roundTrip) bool {
	if resp.StatusCode != http.StatusInternalServerError || rt == nil || resp.Header.Get(debugpage.PageHeader) != "" {
		return false
	}
	rep := p.awaitRecovered(r, rt.start)
	if rep == nil {
		return false
	}
	pw := &pageWriter{header: make(http.Header)}
	if p.mayShow(pw, r, rep) {
		pw.header.Set("Cache-Control", "no-store")
		p.pages().Write(pw, r, http.StatusInternalServerError, withRequest(rep, r))
	}
	resp.Body.Close()
	resp.StatusCode, resp.Status = pw.status, strconv.Itoa(pw.status)+" "+http.StatusText(pw.status)
	resp.Header, resp.Trailer = pw.header, nil
	resp.Body, resp.ContentLength = io.NopCloser(&pw.body), int64(pw.body.Len())
	resp.Header.Set("Content-Length", strconv.Itoa(pw.body.Len()))
	resp.Uncompressed, resp.Close = false, false
	return true
}

// answerRecoveredReverse is answerRecovered for the reverse proxy's
// ModifyResponse, whose resp.Request is the request sent to the app.
func (p *Proxy) answerRecoveredReverse(resp *http.Response) bool {
	rt, _ := resp.Request.Context().Value(roundTripKey{}).(*roundTrip)
	return rt != nil && p.answerRecovered(rt.in, resp, rt)
}

// pageWriter is the http.ResponseWriter a page is written into, to
// become the body of a response.
type pageWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

// Header implements http.ResponseWriter.
func (pw *pageWriter) Header() http.Header { return pw.header }

// WriteHeader implements http.ResponseWriter.
func (pw *pageWriter) WriteHeader(status int) {
	if pw.status == 0 {
		pw.status = status
	}
}

// Write implements http.ResponseWriter.
func (pw *pageWriter) Write(b []byte) (int, error) {
	pw.WriteHeader(http.StatusOK)
	return pw.body.Write(b)
}
