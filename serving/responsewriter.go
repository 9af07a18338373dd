package serving

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// responseWriter records what a handler sends, for the request log and
// for panic recovery. It keeps the optional interfaces of the writer it
// wraps working: Flush and Hijack directly, everything else (deadlines,
// full duplex) through Unwrap and http.ResponseController.
type responseWriter struct {
	http.ResponseWriter
	status   int   // the final status sent, 0 until headers are sent
	size     int64 // body bytes written
	hijacked bool  // the handler took over the connection
	returned bool  // the handler returned (rather than panicked)
}

// WriteHeader records code and sends it. Informational codes other than
// 101 Switching Protocols may be followed by the final one.
func (w *responseWriter) WriteHeader(code int) {
	if w.status == 0 || w.status < 200 && w.status != http.StatusSwitchingProtocols {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write sends b, and the headers with an implicit 200 if none were sent.
func (w *responseWriter) Write(b []byte) (int, error) {
	w.implicitOK()
	n, err := w.ResponseWriter.Write(b)
	w.size += int64(n)
	return n, err
}

// WriteString is Write for strings, without a copy when the wrapped
// writer can take strings.
func (w *responseWriter) WriteString(s string) (int, error) {
	w.implicitOK()
	n, err := io.WriteString(w.ResponseWriter, s)
	w.size += int64(n)
	return n, err
}

// ReadFrom copies r to the response, keeping the wrapped writer's fast
// path (sendfile for files) when it has one.
func (w *responseWriter) ReadFrom(r io.Reader) (int64, error) {
	w.implicitOK()
	var n int64
	var err error
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(r)
	} else {
		n, err = io.Copy(struct{ io.Writer }{w.ResponseWriter}, r)
	}
	w.size += n
	return n, err
}

// Flush sends buffered data to the client.
func (w *responseWriter) Flush() { _ = w.FlushError() }

// FlushError sends buffered data to the client, reporting failure.
func (w *responseWriter) FlushError() error {
	w.implicitOK()
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack lets the handler take over the connection.
func (w *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil {
		w.hijacked = true
	}
	return c, rw, err
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// implicitOK records the 200 that net/http sends when a handler writes
// before calling WriteHeader.
func (w *responseWriter) implicitOK() {
	if w.status == 0 || w.status < 200 && w.status != http.StatusSwitchingProtocols {
		w.status = http.StatusOK
	}
}
