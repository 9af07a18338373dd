package debugpage_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// logBuffer collects a logger's output from server goroutines.
type logBuffer struct {
	mu    sync.Mutex // guards b
	b     strings.Builder
	wrote chan struct{} // receives after each write (dropped if full)
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case l.wrote <- struct{}{}:
	default:
	}
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serve starts a loopback server with h behind a Debugger that logs to
// the returned buffer.
func serve(t *testing.T, h http.HandlerFunc) (*httptest.Server, *logBuffer) {
	t.Helper()
	logs := &logBuffer{wrote: make(chan struct{}, 1)}
	d := &debugpage.Debugger{Log: log.New(logs, "", 0)}
	srv := httptest.NewUnstartedServer(d.Handler(h))
	srv.Config.ErrorLog = log.New(logs, "server: ", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, logs
}

func get(t *testing.T, url, accept string) (*http.Response, string, error) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

// TestHandlerReplacesResponse checks that a panic before the first body
// byte replaces the status and headers the handler set, in each of the
// three renderings.
func TestHandlerReplacesResponse(t *testing.T) {
	srv, logs := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Handler", "yes")
		w.WriteHeader(http.StatusCreated)
		panic("boom <script>alert(1)</script>")
	})
	tests := []struct {
		accept, ctype, contains string
	}{
		{"", "text/plain; charset=utf-8", "panic: boom <script>alert(1)</script>\n\ngoroutine "},
		{"text/html,application/xhtml+xml,*/*;q=0.8", "text/html; charset=utf-8", "<h1 id=\"title\">panic: boom &lt;script&gt;alert(1)&lt;/script&gt;</h1>"},
		{"application/json", "application/json; charset=utf-8", `"title": "panic: boom \u003cscript\u003ealert(1)\u003c/script\u003e"`},
		{"application/json;q=0.5, text/html;q=0.9", "text/html; charset=utf-8", "<!doctype html>"},
		{"text/html;q=0, application/json", "application/json; charset=utf-8", `"kind": "panic"`},
	}
	for _, tt := range tests {
		resp, body, err := get(t, srv.URL+"/p", tt.accept)
		if err != nil {
			t.Fatalf("GET Accept %q: %v", tt.accept, err)
		}
		got := []string{resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("X-Handler")}
		want := []string{"500 Internal Server Error", tt.ctype, ""}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("GET Accept %q: response field %d = %q, want %q", tt.accept, i, got[i], want[i])
			}
		}
		if !strings.Contains(body, tt.contains) {
			t.Errorf("GET Accept %q: body does not contain %q:\n%.600s", tt.accept, tt.contains, body)
		}
	}
	if !strings.Contains(logs.String(), "debugpage: panic serving GET /p:\npanic: boom <script>alert(1)</script>\n") {
		t.Errorf("log = %q, want the panic logged", logs.String())
	}
}

// TestHandlerJSONReport checks the JSON rendering decodes into a Report
// whose first frame is the panicking line.
func TestHandlerJSONReport(t *testing.T) {
	srv, _ := serve(t, panicIndex)
	_, body, err := get(t, srv.URL+"/?session=s3cr3t", "application/json")
	if err != nil {
		t.Fatal(err)
	}
	var rep debugpage.Report
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatalf("decoding the JSON rendering: %v\n%s", err, body)
	}
	top := rep.Sections[0].Frames[0]
	if !strings.HasSuffix(top.Function, ".panicIndex") || !strings.HasSuffix(top.File, "handler_test.go") || top.Kind != debugpage.FrameApp {
		t.Errorf("first frame = %s %s:%d (%s), want panicIndex in handler_test.go (app)", top.Function, top.File, top.Line, top.Kind)
	}
	if rep.Request == nil || strings.Contains(body, "s3cr3t") {
		t.Errorf("request = %+v; the session value must be masked everywhere", rep.Request)
	}
}

// panicIndex panics with a runtime error, in a function long enough that
// the page can expand it beyond the context lines.
func panicIndex(w http.ResponseWriter, r *http.Request) {
	xs := []int{1, 2, 3}
	i := len(r.URL.Path) + 2
	w.Header().Set("X-Count", "3")
	w.Header().Set("X-Items", "1,2,3")
	if r.Method == http.MethodHead {
		return
	}
	_ = xs[i]
	w.Header().Set("X-Unreached", "1")
	w.Header().Set("X-Unreached-Too", "1")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, "unreached")
}

// TestHandlerPanicAfterBody checks that a panic after body bytes were sent
// aborts the connection: the client sees an error, not a complete
// response, and the traceback is logged.
func TestHandlerPanicAfterBody(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"chunked", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "partial ")
			http.NewResponseController(w).Flush()
			panic("late")
		}},
		{"content-length", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100")
			io.WriteString(w, "partial ")
			panic("late")
		}},
	}
	for _, tt := range tests {
		srv, logs := serve(t, tt.handler)
		resp, body, err := get(t, srv.URL+"/late", "text/html")
		if err == nil {
			t.Errorf("%s: GET = %s %q with no error, want a truncated response", tt.name, resp.Status, body)
		}
		if strings.Contains(body, "<html") {
			t.Errorf("%s: body = %q, want no page appended", tt.name, body)
		}
		if l := logs.String(); !strings.Contains(l, "panic after the response was under way") || !strings.Contains(l, "panic: late") {
			t.Errorf("%s: log = %q, want the traceback", tt.name, l)
		}
	}
}

// TestHandlerHijacked checks that a panic after a hijack is only logged.
func TestHandlerHijacked(t *testing.T) {
	srv, logs := serve(t, func(w http.ResponseWriter, r *http.Request) {
		conn, brw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
		brw.Flush()
		panic("after hijack")
	})
	resp, body, err := get(t, srv.URL+"/ws", "text/html")
	if err != nil || resp.StatusCode != 200 || body != "ok" {
		t.Errorf("GET after hijack = %v %q %v, want 200 \"ok\"", resp, body, err)
	}
	select {
	case <-logs.wrote: // the debugger logged after the handler's panic
	case <-time.After(10 * time.Second):
		t.Fatal("nothing logged 10s after the hijacked handler panicked")
	}
	if l := logs.String(); !strings.Contains(l, "panic after the connection was hijacked") || !strings.Contains(l, "panic: after hijack") {
		t.Errorf("log = %q, want the traceback", l)
	}
}

// TestHandlerAbort checks that http.ErrAbortHandler keeps its meaning: the
// response is aborted and nothing is logged.
func TestHandlerAbort(t *testing.T) {
	srv, logs := serve(t, func(w http.ResponseWriter, r *http.Request) {
		panic(http.ErrAbortHandler)
	})
	if resp, body, err := get(t, srv.URL+"/", ""); err == nil {
		t.Errorf("GET = %s %q, want an aborted response", resp.Status, body)
	}
	srv.Close()
	if l := logs.String(); l != "" {
		t.Errorf("log = %q, want nothing", l)
	}
}

// TestHandlerStreaming checks that a streaming handler's flushes reach the
// client before it finishes, through the held-back writer.
func TestHandlerStreaming(t *testing.T) {
	next := make(chan struct{})
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: one\n\n")
		w.(http.Flusher).Flush()
		<-next
		io.WriteString(w, "data: two\n\n")
	})
	resp, err := http.Get(srv.URL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	line, err := br.ReadString('\n')
	if err != nil || line != "data: one\n" {
		t.Fatalf("first streamed line = %q, %v, want %q", line, err, "data: one\n")
	}
	close(next)
	rest, err := io.ReadAll(br)
	if err != nil || string(rest) != "\ndata: two\n\n" {
		t.Errorf("rest of stream = %q, %v, want %q", rest, err, "\ndata: two\n\n")
	}
}

// TestHandlerPassesThrough checks responses of handlers that do not panic:
// status without a body, headers, and the assets.
func TestHandlerPassesThrough(t *testing.T) {
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Handler", "yes")
		if r.URL.Path == "/empty" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "short and stout")
	})
	tests := []struct {
		path, accept string
		status       int
		ctype, body  string
	}{
		{"/empty", "", 204, "", ""},
		{"/tea", "", 418, "text/plain; charset=utf-8", "short and stout"},
		{"/__devserve/debug.css", "", 200, "text/css; charset=utf-8", ":root {"},
		{"/__devserve/debug.js", "", 200, "text/javascript; charset=utf-8", "use strict"},
		{"/__devserve/highlight.css", "", 200, "text/css; charset=utf-8", "prefers-color-scheme: dark"},
		{"/__devserve/missing.js", "", 404, "text/plain; charset=utf-8", "404"},
	}
	for _, tt := range tests {
		resp, body, err := get(t, srv.URL+tt.path, tt.accept)
		if err != nil {
			t.Fatalf("GET %s: %v", tt.path, err)
		}
		if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != tt.ctype || !strings.Contains(body, tt.body) {
			t.Errorf("GET %s = %d %q %.40q, want %d %q containing %q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), body, tt.status, tt.ctype, tt.body)
		}
	}
}

// TestHandlerErrorChain checks that a panic with a wrapped error lists the
// chain in the text rendering.
func TestHandlerErrorChain(t *testing.T) {
	base := errors.New("connection refused")
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		panic(errors.Join(errors.New("cleanup failed"), &wrapped{"load user 7", base}))
	})
	_, body, err := get(t, srv.URL+"/", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"error chain:\n  *errors.joinError: cleanup failed\n",
		"  *errors.errorString: cleanup failed\n",
		"  *debugpage_test.wrapped: load user 7: connection refused\n",
		"  *errors.errorString: connection refused\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("text rendering does not contain %q:\n%s", want, body)
		}
	}
}

type wrapped struct {
	msg string
	err error
}

func (e *wrapped) Error() string { return e.msg + ": " + e.err.Error() }
func (e *wrapped) Unwrap() error { return e.err }

// TestHandlerPanicValues checks the title for panic values of several
// kinds, including panic(nil), which recovers as *runtime.PanicNilError.
func TestHandlerPanicValues(t *testing.T) {
	tests := []struct {
		value any
		title string
	}{
		{nil, "panic: panic called with nil argument"}, // the runtime may add more
		{"plain", "panic: plain"},
		{7, "panic: 7"},
		{errors.New("an error"), "panic: an error"},
		{struct{ A int }{1}, "panic: (struct { A int }) {A:1}"},
	}
	for _, tt := range tests {
		srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) { panic(tt.value) })
		_, body, err := get(t, srv.URL+"/", "")
		if err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(body, "\n"); !strings.HasPrefix(first, tt.title) {
			t.Errorf("panic(%#v): first line = %q, want it to start with %q", tt.value, first, tt.title)
		}
	}
}

// TestHandlerServeContent checks that files served through the held-back
// writer (ReadFrom) arrive whole, with their status.
func TestHandlerServeContent(t *testing.T) {
	body := strings.Repeat("0123456789", 10000)
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "data.txt", time.Time{}, strings.NewReader(body))
	})
	resp, got, err := get(t, srv.URL+"/data.txt", "")
	if err != nil || resp.StatusCode != 200 || got != body {
		t.Errorf("GET data.txt = %v, %d bytes, %v; want 200 with %d bytes", resp.Status, len(got), err, len(body))
	}
}

// TestDebuggerOptions checks the Debugger's fields: no goroutines, and a
// Renderer with its own editor links.
func TestDebuggerOptions(t *testing.T) {
	d := &debugpage.Debugger{
		NoGoroutines: true,
		Renderer:     &debugpage.Renderer{Editor: "myeditor://open?f={path}&l={line}"},
		Log:          log.New(io.Discard, "", 0),
	}
	srv := httptest.NewServer(d.Handler(http.HandlerFunc(panicIndex)))
	t.Cleanup(srv.Close)
	_, body, err := get(t, srv.URL+"/", "application/json")
	if err != nil {
		t.Fatal(err)
	}
	var rep debugpage.Report
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Sections) != 1 || !rep.Sections[0].Failing {
		t.Errorf("NoGoroutines: %d sections, want only the failing goroutine", len(rep.Sections))
	}
	page := getPage(t, srv.URL+"/", nil)
	if !strings.Contains(page, `href="myeditor://open?f=/`) || strings.Contains(page, "vscode://") {
		t.Errorf("page with Editor set has no myeditor:// links")
	}
}
