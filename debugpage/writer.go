package debugpage

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"path"
	"runtime"
	"slices"
	"strings"
)

// responseWriter holds back the status and headers of a response until its
// first body byte (or flush), so a panic before then can replace the
// response with the debug page. Otherwise the response is the one the
// handler would have sent without it: it keeps net/http's rules on what a
// header change after WriteHeader does, on 1xx codes, and on the codes
// WriteHeader panics on, and it logs the misuses net/http logs.
type responseWriter struct {
	w        http.ResponseWriter
	errorLog *log.Logger // where net/http logs misuses: the server's ErrorLog; if nil, the standard logger
	status   int         // the status the handler set; 0 until WriteHeader
	header   http.Header // a copy of the header when the handler set status, the header sent; nil if it was empty
	sent     bool        // the header (and maybe body) went to w: the response can no longer be replaced
	hijacked bool        // the handler took over the connection
}

// Header returns the header map of the underlying writer.
func (rw *responseWriter) Header() http.Header { return rw.w.Header() }

// WriteHeader records code and a copy of the header, which are sent with
// the first body byte or flush; a later change to the header counts only
// as a trailer, as in net/http. Informational (1xx) codes other than 101
// go out at once. As net/http's does, it panics on a code below 100 or
// above 999, and logs a call after the first or after a hijack.
func (rw *responseWriter) WriteHeader(code int) {
	switch {
	case rw.hijacked:
		rw.logf("http: response.WriteHeader on hijacked connection from %s", caller())
	case rw.status != 0 || rw.sent:
		rw.logf("http: superfluous response.WriteHeader call from %s", caller())
	case code < 100 || code > 999:
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	case code < 200 && code != http.StatusSwitchingProtocols:
		rw.w.WriteHeader(code)
	default:
		rw.status = code
		if h := rw.w.Header(); len(h) > 0 {
			rw.header = h.Clone()
		}
	}
}

// Write sends the held status, then b.
func (rw *responseWriter) Write(b []byte) (int, error) {
	if err := rw.start(len(b)); err != nil {
		return 0, err
	}
	return rw.w.Write(b)
}

// WriteString is Write for a string, with the underlying writer's
// WriteString when it has one (net/http's does, sparing a copy).
func (rw *responseWriter) WriteString(s string) (int, error) {
	if err := rw.start(len(s)); err != nil {
		return 0, err
	}
	return io.WriteString(rw.w, s)
}

// start sends the held status before n bytes of body or, as net/http
// does after a hijack, logs the write and returns http.ErrHijacked.
func (rw *responseWriter) start(n int) error {
	if rw.hijacked {
		if n > 0 {
			rw.logf("http: response.Write on hijacked connection from %s", caller())
		}
		return http.ErrHijacked
	}
	rw.send()
	return nil
}

// ReadFrom sends the held status, then copies from src with the
// underlying writer's ReadFrom when it has one (sendfile for files).
func (rw *responseWriter) ReadFrom(src io.Reader) (int64, error) {
	rw.send()
	if rf, ok := rw.w.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(writerOnly{rw.w}, src)
}

// writerOnly hides every method of a writer but Write, so that io.Copy
// does not call ReadFrom back.
type writerOnly struct{ io.Writer }

// Flush sends the held status and flushes the underlying writer.
func (rw *responseWriter) Flush() {
	rw.send()
	_ = http.NewResponseController(rw.w).Flush() // as http.Flusher: errors are not reported
}

// FlushError is Flush for http.ResponseController, with the error.
func (rw *responseWriter) FlushError() error {
	rw.send()
	return http.NewResponseController(rw.w).Flush()
}

// Hijack hands the connection to the handler; a panic afterwards is only
// logged.
func (rw *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(rw.w).Hijack()
	if err == nil {
		rw.hijacked, rw.sent = true, true
	}
	return c, brw, err
}

// Unwrap returns the underlying writer, for http.ResponseController.
func (rw *responseWriter) Unwrap() http.ResponseWriter { return rw.w }

// send writes the held status, once, with the header as it was when the
// handler set the status. The handler's later changes are put back after,
// on top of what the underlying writer made of the header: net/http reads
// trailers from it when the handler returns.
func (rw *responseWriter) send() {
	if rw.sent {
		return
	}
	rw.sent = true
	if rw.status == 0 {
		return
	}
	h, was := rw.w.Header(), rw.header
	rw.header = nil
	if maps.EqualFunc(h, was, slices.Equal) {
		rw.w.WriteHeader(rw.status)
		return
	}
	now := h.Clone()
	clear(h)
	maps.Copy(h, was)
	rw.w.WriteHeader(rw.status)
	reapply(h, was, now)
}

// reapply makes the changes from was to now in h.
func reapply(h, was, now http.Header) {
	for k, v := range now {
		if !slices.Equal(v, was[k]) {
			h[k] = v
		}
	}
	for k := range was {
		if _, ok := now[k]; !ok {
			delete(h, k)
		}
	}
}

// logf logs as the server logs.
func (rw *responseWriter) logf(format string, args ...any) {
	cmp.Or(rw.errorLog, log.Default()).Printf(format, args...)
}

// writerMethods prefixes the names of responseWriter's methods.
const writerMethods = selfModule + "/debugpage.(*responseWriter)."

// caller names the handler's call into the writer as net/http names it:
// the first function up the stack outside net/http (and this writer),
// "main.index (main.go:12)".
func caller() string {
	var pcs [16]uintptr
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs[:])])
	for {
		f, more := frames.Next()
		ours := strings.HasPrefix(f.Function, "net/http.") || strings.HasPrefix(f.Function, writerMethods)
		if !ours || !more {
			return fmt.Sprintf("%s (%s:%d)", f.Function, path.Base(f.File), f.Line)
		}
	}
}

// finish sends a status the handler set but never followed with a body.
func (rw *responseWriter) finish() {
	if !rw.sent && rw.status != 0 {
		rw.send()
	}
}
