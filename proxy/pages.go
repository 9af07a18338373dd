package proxy

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

// serveState answers r with the page of a state in which the app cannot
// answer: the build error, the crash, or the address it does not listen on.
func (p *Proxy) serveState(w http.ResponseWriter, r *http.Request, st *state) {
	status := http.StatusInternalServerError
	if st.phase == phaseNotListening {
		status = http.StatusBadGateway
	}
	p.writeReportGen(w, r, status, st.report, st)
}

// writeReport answers r with rep in the current generation.
func (p *Proxy) writeReport(w http.ResponseWriter, r *http.Request, status int, rep *debugpage.Report) {
	st, _ := p.snapshot()
	p.writeReportGen(w, r, status, rep, st)
}

// writeReportGen answers r with rep, with the live-reload script of st's
// generation in the HTML form, so that the page goes away by itself.
func (p *Proxy) writeReportGen(w http.ResponseWriter, r *http.Request, status int, rep *debugpage.Report, st *state) {
	rep = p.withFixes(rep)
	if !p.mayShow(w, r, rep) {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	pages := p.pages()
	if p.NoReload {
		pages.Write(w, r, status, rep)
		return
	}
	iw := &injectWriter{ResponseWriter: w, tag: scriptTag(st.genString(), "")}
	pages.Write(iw, r, status, rep)
	iw.close()
}

// serveWaiting answers r, held while the app is on its way for as long
// as the proxy holds requests, with a short text asking to try again.
func (p *Proxy) serveWaiting(w http.ResponseWriter, r *http.Request) {
	if !p.hostAllowed(w, r) {
		return
	}
	h := w.Header()
	h.Set("Retry-After", "1")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	io.WriteString(w, "devserve: the app is still being built or started; try again\n")
}

// notListeningReport explains that the app, which runs, did not accept
// connections on the address of ev, where it listens instead if the
// engine found out, and what to change; the app's last lines follow.
func (p *Proxy) notListeningReport(ev reloader.Event) *debugpage.Report {
	addr := ev.Addr
	_, port, _ := net.SplitHostPort(addr)
	var b strings.Builder
	fmt.Fprintf(&b, "Nothing accepts connections on %s.\n", addr) // a summary line, which text pages leave out
	if len(ev.Listening) > 0 {
		fmt.Fprintf(&b, "The app listens on %s instead. ", strings.Join(ev.Listening, ", "))
		b.WriteString("Run devserve with --app-addr set to the one to serve")
		if p.AppAddr == "" {
			fmt.Fprintf(&b, ", or make the app listen on the port in $PORT (PORT=%s)", port)
		}
		b.WriteString(".")
	} else if p.AppAddr != "" {
		fmt.Fprintf(&b, "devserve was told (--app-addr) that the app listens on %s, but nothing accepts connections there. ", addr)
		b.WriteString("Check the address the app listens on and give that to --app-addr, or drop --app-addr and make the app listen on the address in $PORT.")
	} else {
		fmt.Fprintf(&b, "devserve started the app with PORT=%s and DEVSERVE_ADDR=%s, but nothing accepts connections there. ", port, addr)
		fmt.Fprintf(&b, "Make the app listen on the port in $PORT, for example http.ListenAndServe(\"127.0.0.1:\"+os.Getenv(\"PORT\"), h), ")
		b.WriteString("or, if it listens on a fixed address, run devserve with --app-addr set to that address.")
	}
	if _, pub, err := net.SplitHostPort(p.PublicAddr); err == nil && pub != "" {
		fmt.Fprintf(&b, " Port %s is devserve's own (--addr): the app cannot listen there too.", pub)
	}
	return &debugpage.Report{
		Kind:    debugpage.KindNotListening,
		Title:   "the app is not listening on " + addr,
		Message: b.String(),
		Output:  ev.Output,
		Time:    time.Now(),
	}
}

// crashPage returns the report of a Crashed event, with advice added
// when the app died trying to listen on devserve's own address.
func (p *Proxy) crashPage(ev reloader.Event) *debugpage.Report {
	rep := ev.Report
	if rep == nil {
		rep = &debugpage.Report{Kind: debugpage.KindCrash, Title: "the app exited: " + ev.ExitStatus, Time: ev.Time}
	}
	hint := PortConflict(rep.Message+"\n"+rep.Output, p.PublicAddr)
	if hint == "" {
		return rep
	}
	c := *rep
	c.Message = strings.TrimSpace(c.Message + "\n\n" + hint)
	return &c
}

// PortConflict returns advice when output, what a crashed app printed,
// says it could not listen on publicAddr, devserve's own address; else "".
func PortConflict(output, publicAddr string) string {
	_, port, err := net.SplitHostPort(publicAddr)
	if err != nil || port == "" || port == "0" || !strings.Contains(output, "address already in use") {
		return ""
	}
	for line := range strings.SplitSeq(output, "\n") {
		if strings.Contains(line, "address already in use") && strings.Contains(line, ":"+port+":") {
			return fmt.Sprintf("The app tried to listen on port %s, which devserve itself serves on (--addr %s). "+
				"Make the app listen on the port devserve gives it in $PORT, or run devserve with another --addr.", port, publicAddr)
		}
	}
	return ""
}

// goneReport explains that the app at addr went away before answering a
// request that could not be sent again.
func (p *Proxy) goneReport(addr string) *debugpage.Report {
	return &debugpage.Report{
		Kind:    debugpage.KindCrash,
		Title:   "the app went away",
		Message: fmt.Sprintf("No answer from %s.\nThe app stopped accepting connections, or was stopped while the request was in flight, and the request could not be sent again.", addr),
		Time:    time.Now(),
	}
}

// brokenReport explains a round trip to the app that failed for a reason
// other than a reported panic.
func brokenReport(err error) *debugpage.Report {
	return &debugpage.Report{
		Kind:    debugpage.KindCrash,
		Title:   "the app dropped the request",
		Message: err.Error() + "\nThe connection to the app broke before a response came.",
		Time:    time.Now(),
	}
}

// withRequest returns rep with the request that caused it, if rep does
// not describe one already. r is the request as sent to the app; its URL
// is shown as the browser asked for it.
func withRequest(rep *debugpage.Report, r *http.Request) *debugpage.Report {
	if rep.Request != nil {
		return rep
	}
	scheme := r.Header.Get("X-Forwarded-Proto")
	if scheme == "" {
		scheme = "http"
	}
	c := *rep
	c.Request = debugpage.NewRequest(r)
	c.Request.URL = scheme + "://" + r.Host + r.URL.RequestURI()
	return &c
}

// bodyGuard wraps a request body to know whether the app was sent any
// of it, and keeps the transport from closing it, so that a request the
// app refused can be sent again.
type bodyGuard struct {
	io.ReadCloser
	n atomic.Int64
}

// guardBody installs a bodyGuard on r and returns it; it returns nil
// when r has no body.
func guardBody(r *http.Request) *bodyGuard {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	g := &bodyGuard{ReadCloser: r.Body}
	r.Body = g
	return g
}

// Read implements io.Reader.
func (g *bodyGuard) Read(b []byte) (int, error) {
	n, err := g.ReadCloser.Read(b)
	g.n.Add(int64(n))
	return n, err
}

// Close does nothing: the server closes the request body.
func (g *bodyGuard) Close() error { return nil }

// used reports whether any of the body was read.
func (g *bodyGuard) used() bool { return g != nil && g.n.Load() > 0 }
