package serving

import (
	"log"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// requestLog is the handler in front of every request: it logs one line
// per request and, unless errors pass through, turns a panic into a plain
// 500.
type requestLog struct {
	next    http.Handler
	lines   *logWriter  // receives the log lines; nil turns the log off
	colors  palette     // colors of the quoted request, by status
	local   bool        // clients are on a unix socket: log them as <local>
	recover bool        // answer panics with a plain 500
	errLog  *log.Logger // receives the stacks of recovered panics
}

// ServeHTTP serves r through next, recording what was sent.
func (l *requestLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rw := &responseWriter{ResponseWriter: w}
	defer l.finish(rw, r, time.Now())
	l.next.ServeHTTP(rw, r)
	rw.returned = true
}

// finish runs when the handler has returned or panicked: it recovers the
// panic if that is its job, and logs the request.
func (l *requestLog) finish(w *responseWriter, r *http.Request, start time.Time) {
	if !w.returned && l.recover {
		if p := recover(); p != nil {
			l.recovered(w, r, p, start)
			return
		}
	}
	l.logRequest(w, r, start)
}

// recovered answers a request whose handler panicked with p. A handler
// that has already sent headers cannot get a 500; its connection is cut
// so that the client does not take a truncated body for a whole one.
// http.ErrAbortHandler keeps its meaning: abort quietly.
func (l *requestLog) recovered(w *responseWriter, r *http.Request, p any, start time.Time) {
	if p == http.ErrAbortHandler {
		l.logRequest(w, r, start)
		panic(p)
	}
	// The report has net/http's exact form, which devserve's supervisor
	// scans for and debugpage.ParseCrash reads, with the value drawn as
	// the debug page draws it: fmt would recurse without end on a value
	// that contains itself. The request's log line follows.
	l.errLog.Printf("http: panic serving %s: %s\n%s", r.RemoteAddr, debugpage.FormatValue(p), debug.Stack())
	if w.status != 0 || w.hijacked {
		l.logRequest(w, r, start)
		panic(http.ErrAbortHandler)
	}
	clear(w.Header())
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
	l.logRequest(w, r, start)
}

// logRequest writes the request's log line.
func (l *requestLog) logRequest(w *responseWriter, r *http.Request, start time.Time) {
	if l.lines == nil {
		return
	}
	if w.status == 0 && w.returned && !w.hijacked {
		w.status = http.StatusOK // net/http sends 200 for a handler that sent nothing
	}
	var buf [256]byte
	l.lines.writeLine(l.appendLogLine(buf[:0], r, w, start, time.Since(start)))
}
