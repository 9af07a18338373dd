package serving

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// panicky panics in the ways a handler can, by path.
var panicky = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/panic":
		w.Header().Set("X-Partial", "yes")
		panic("boom")
	case "/panic-after-write":
		_, _ = io.WriteString(w, "half")
		w.(http.Flusher).Flush()
		panic(errors.New("late boom"))
	case "/abort":
		panic(http.ErrAbortHandler)
	}
	_, _ = io.WriteString(w, "ok")
})

func TestPanicIsPlain500(t *testing.T) {
	log := new(safeBuffer)
	s := startServer(t, "127.0.0.1:0", panicky, WithLog(log))
	resp, body := rawGet(t, s.addr.String(), "GET", "/panic")
	if resp.StatusCode != 500 || body != "Internal Server Error\n" || resp.Header.Get("X-Partial") != "" {
		t.Errorf("GET /panic = %d %q (X-Partial %q), want a plain 500", resp.StatusCode, body, resp.Header.Get("X-Partial"))
	}
	if resp, body := rawGet(t, s.addr.String(), "GET", "/after"); resp.StatusCode != 200 || body != "ok" {
		t.Errorf("GET /after a panic = %d %q, want 200 %q", resp.StatusCode, body, "ok")
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	out := s.out.String()
	for _, want := range []string{"http: panic serving 127.0.0.1:", ": boom\ngoroutine ", "handler_test.go:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output after a panic = %q, want it to contain %q", out, want)
		}
	}
	if !strings.Contains(log.String(), `"GET /panic HTTP/1.1" 500 22 `) {
		t.Errorf("log = %q, want the panic logged as a 500", log.String())
	}
}

func TestPanicReportParses(t *testing.T) {
	s := startServer(t, "127.0.0.1:0", panicky, WithLog(io.Discard))
	rawGet(t, s.addr.String(), "GET", "/panic")
	_ = s.stop()
	rep := debugpage.ParseCrash([]byte(s.out.String()))
	if rep == nil || len(rep.Sections) == 0 {
		t.Fatalf("ParseCrash(%q) = %+v, want a panic report", s.out.String(), rep)
	}
	if rep.Kind != debugpage.KindPanic || !strings.Contains(rep.Message, "boom") {
		t.Errorf("ParseCrash: kind %q, message %q, want a panic of %q", rep.Kind, rep.Message, "boom")
	}
	if f := rep.Sections[0].Frames; len(f) == 0 || !strings.HasSuffix(f[0].File, "handler_test.go") {
		t.Errorf("ParseCrash: first frames %+v, want the panicking handler in handler_test.go first", f)
	}
}

func TestPanicAfterWriteCutsConnection(t *testing.T) {
	s := startServer(t, "127.0.0.1:0", panicky, WithLog(io.Discard))
	resp, err := http.Get("http://" + s.addr.String() + "/panic-after-write")
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Errorf("GET /panic-after-write read a whole response, want the connection cut")
	}
	_ = s.stop()
	if !strings.Contains(s.out.String(), ": late boom\ngoroutine ") {
		t.Errorf("output = %q, want the panic reported", s.out.String())
	}
}

func TestErrAbortHandlerIsQuiet(t *testing.T) {
	s := startServer(t, "127.0.0.1:0", panicky, WithLog(io.Discard))
	resp, err := http.Get("http://" + s.addr.String() + "/abort")
	if err == nil {
		resp.Body.Close()
		t.Errorf("GET /abort = %d, want the connection aborted", resp.StatusCode)
	}
	_ = s.stop()
	if out := s.out.String(); strings.Contains(out, "panic") {
		t.Errorf("output after http.ErrAbortHandler = %q, want nothing logged", out)
	}
}

func TestPassthroughErrors(t *testing.T) {
	s := startServer(t, "127.0.0.1:0", panicky, WithLog(io.Discard), WithPassthroughErrors())
	resp, err := http.Get("http://" + s.addr.String() + "/panic")
	if err == nil {
		resp.Body.Close()
		t.Errorf("GET /panic with passthrough = %d, want the connection dropped by net/http", resp.StatusCode)
	}
	_ = s.stop()
	out := s.out.String()
	if !strings.Contains(out, "http: panic serving") || strings.Contains(out, "(*requestLog).recovered") {
		t.Errorf("output with passthrough = %q, want net/http's report, not ours", out)
	}
}

func TestWrapperKeepsInterfaces(t *testing.T) {
	log := new(safeBuffer)
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := w.(http.Flusher); !ok {
			http.Error(w, "no Flusher", 500)
			return
		}
		rc := http.NewResponseController(w)
		if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			http.Error(w, "SetWriteDeadline: "+err.Error(), 500)
			return
		}
		if r.URL.Path == "/hijack" {
			c, brw, err := w.(http.Hijacker).Hijack()
			if err != nil {
				http.Error(w, "Hijack: "+err.Error(), 500)
				return
			}
			defer c.Close()
			_, _ = brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
			_ = brw.Flush()
			return
		}
		_, _ = io.WriteString(w, "chunk1")
		if err := rc.Flush(); err != nil {
			http.Error(w, "Flush: "+err.Error(), 500)
			return
		}
		_, _ = io.WriteString(w, "chunk2")
	})
	s := startServer(t, "127.0.0.1:0", app, WithLog(log))
	resp, body := rawGet(t, s.addr.String(), "GET", "/flush")
	if resp.StatusCode != 200 || body != "chunk1chunk2" || len(resp.TransferEncoding) == 0 {
		t.Errorf("GET /flush = %d %q %v, want 200 chunked %q", resp.StatusCode, body, resp.TransferEncoding, "chunk1chunk2")
	}
	resp, body = rawGet(t, s.addr.String(), "GET", "/hijack")
	if resp.StatusCode != 200 || body != "hijacked" {
		t.Errorf("GET /hijack = %d %q, want 200 %q", resp.StatusCode, body, "hijacked")
	}
	for _, want := range []string{`"GET /flush HTTP/1.1" 200 12 `, `"GET /hijack HTTP/1.1" - - `} {
		// The hijacking handler may still be returning: await its line.
		if !log.awaitContains(want, 10*time.Second) {
			t.Errorf("log = %q, want it to contain %q", log.String(), want)
		}
	}
}

func TestResponseWriterStatus(t *testing.T) {
	tests := []struct {
		calls []int // status codes to WriteHeader; -1 writes a body byte
		want  int
	}{
		{nil, 0},
		{[]int{-1}, 200},
		{[]int{404, -1}, 404},
		{[]int{103, 200}, 200},
		{[]int{103, -1}, 200},
		{[]int{101}, 101},
		{[]int{500, 200}, 500},
	}
	for _, tt := range tests {
		w := &responseWriter{ResponseWriter: discardWriter{}}
		for _, c := range tt.calls {
			if c < 0 {
				_, _ = w.Write([]byte("x"))
			} else {
				w.WriteHeader(c)
			}
		}
		if w.status != tt.want {
			t.Errorf("status after %v = %d, want %d", tt.calls, w.status, tt.want)
		}
	}
}

// discardWriter is a ResponseWriter that sends nothing.
type discardWriter struct{}

func (discardWriter) Header() http.Header         { return http.Header{} }
func (discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (discardWriter) WriteHeader(int)             {}

func TestResponseWriterReadFrom(t *testing.T) {
	w := &responseWriter{ResponseWriter: discardWriter{}}
	n, err := w.ReadFrom(strings.NewReader("twelve bytes"))
	if n != 12 || err != nil || w.size != 12 || w.status != 200 {
		t.Errorf("ReadFrom = %d, %v (size %d, status %d), want 12, nil (12, 200)", n, err, w.size, w.status)
	}
}
