package debugpage

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// responseWriter holds back the status and headers of a response until its
// first body byte (or flush), so a panic before then can replace the
// response with the debug page.
type responseWriter struct {
	w        http.ResponseWriter
	status   int  // the status the handler set; 0 until WriteHeader
	sent     bool // the header (and maybe body) went to w: the response can no longer be replaced
	hijacked bool // the handler took over the connection
}

// Header returns the header map of the underlying writer.
func (rw *responseWriter) Header() http.Header { return rw.w.Header() }

// WriteHeader records code; it is sent with the first body byte or flush.
// Informational (1xx) codes other than 101 go out at once.
func (rw *responseWriter) WriteHeader(code int) {
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		rw.w.WriteHeader(code)
		return
	}
	if rw.status == 0 && !rw.sent {
		rw.status = code
	}
}

// Write sends the held status, then b.
func (rw *responseWriter) Write(b []byte) (int, error) {
	rw.send()
	return rw.w.Write(b)
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

// send writes the held status, once.
func (rw *responseWriter) send() {
	if rw.sent {
		return
	}
	rw.sent = true
	if rw.status != 0 {
		rw.w.WriteHeader(rw.status)
	}
}

// finish sends a status the handler set but never followed with a body.
func (rw *responseWriter) finish() {
	if !rw.sent && rw.status != 0 {
		rw.send()
	}
}
