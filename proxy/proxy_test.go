package proxy

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

// newApp starts a real loopback server standing for the app.
func newApp(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	app := httptest.NewServer(h)
	t.Cleanup(app.Close)
	return app
}

// newTLSApp starts a real loopback server standing for an app that
// speaks TLS only, with a certificate of its own making.
func newTLSApp(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	app := httptest.NewTLSServer(h)
	t.Cleanup(app.Close)
	return app
}

// newProxy serves p on a real loopback listener and returns its URL.
func newProxy(t *testing.T, p *Proxy) string {
	t.Helper()
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv.URL
}

// ready feeds p the events of a successful start of app.
func ready(p *Proxy, app *httptest.Server) {
	addr := app.Listener.Addr().String()
	p.Handle(reloader.Event{Kind: reloader.Building})
	p.Handle(reloader.Event{Kind: reloader.Built})
	p.Handle(reloader.Event{Kind: reloader.Started, Addr: addr})
	p.Handle(reloader.Event{Kind: reloader.Ready, Addr: addr})
}

func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.(*http.Transport).Clone().RoundTrip(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading body: %v", url, err)
	}
	return resp, string(b)
}

// TestProxyWaitsForReady checks that a request made while the app is
// being built is held, then answered by the app once it is ready.
func TestProxyWaitsForReady(t *testing.T) {
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello") })
	p := &Proxy{}
	url := newProxy(t, p)
	p.Handle(reloader.Event{Kind: reloader.Building})
	done := make(chan string)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			done <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- string(b)
	}()
	select {
	case got := <-done:
		t.Fatalf("GET before Ready = %q, want it held", got)
	case <-time.After(100 * time.Millisecond):
	}
	ready(p, app)
	if got := <-done; got != "hello" {
		t.Errorf("GET held until Ready = %q, want %q", got, "hello")
	}
}

func TestProxyWaitTimeout(t *testing.T) {
	p := &Proxy{Wait: 50 * time.Millisecond}
	url := newProxy(t, p)
	tests := []struct {
		accept, want string
	}{
		{"text/html", `http-equiv="refresh"`},
		{"", "still being built"},
	}
	for _, tt := range tests {
		resp, body := get(t, url, "Accept", tt.accept)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, tt.want) {
			t.Errorf("GET (Accept %q) while building = %d %q, want 503 containing %q", tt.accept, resp.StatusCode, body, tt.want)
		}
	}
}

func TestProxyHeaders(t *testing.T) {
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "host=%s xff=%s proto=%s xfh=%s", r.Host, r.Header.Get("X-Forwarded-For"),
			r.Header.Get("X-Forwarded-Proto"), r.Header.Get("X-Forwarded-Host"))
	})
	p := &Proxy{}
	url := newProxy(t, p)
	ready(p, app)
	req, _ := http.NewRequest("GET", url, nil)
	req.Host = "example.test:8080"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	want := "host=example.test:8080 xff=127.0.0.1 proto=http xfh=example.test:8080"
	if string(b) != want {
		t.Errorf("app saw %q, want %q", b, want)
	}
	for k := range resp.Header {
		if strings.HasPrefix(k, "Access-Control-") {
			t.Errorf("proxy added CORS header %s", k)
		}
	}
}

func TestProxyStatePages(t *testing.T) {
	failed := &reloader.BuildError{Package: "./app", Errors: []reloader.CompileError{{File: "/m/main.go", Line: 3, Column: 2, Message: "undefined: x"}}}
	crash := &debugpage.Report{Kind: debugpage.KindCrash, Title: "panic: boom", Message: "boom"}
	bind := &debugpage.Report{Kind: debugpage.KindCrash, Title: "exit", Message: "listen tcp :8080: bind: address already in use"}
	tests := []struct {
		name   string
		ev     reloader.Event
		status int
		want   string
	}{
		{"build", reloader.Event{Kind: reloader.BuildFailed, Err: failed}, 500, "undefined: x"},
		{"crash", reloader.Event{Kind: reloader.Crashed, Report: crash, ExitStatus: "exit status 2"}, 500, "panic: boom"},
		{"port", reloader.Event{Kind: reloader.Crashed, Report: bind, ExitStatus: "exit status 1"}, 500, "devserve itself serves on"},
		{"notlistening", reloader.Event{Kind: reloader.NotListening, Addr: "127.0.0.1:4567"}, 502, "PORT=4567"},
	}
	for _, tt := range tests {
		p := &Proxy{PublicAddr: "localhost:8080"}
		url := newProxy(t, p)
		p.Handle(reloader.Event{Kind: reloader.Building})
		p.Handle(tt.ev)
		resp, body := get(t, url+"/any/path")
		if resp.StatusCode != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("%s: GET = %d %q, want %d containing %q", tt.name, resp.StatusCode, body, tt.status, tt.want)
		}
	}
}

func TestProxyInjects(t *testing.T) {
	page := "<!doctype html><html><head><title>t</title></head><body>hi</body></html>"
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gzip":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			io.WriteString(zw, page)
			zw.Close()
			return
		case "/csp":
			w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'nonce-abc123'")
		case "/json":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"a":"<head>"}`)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		io.WriteString(w, page)
	})
	p := &Proxy{}
	url := newProxy(t, p)
	ready(p, app)
	script := regexp.MustCompile(`<script src="/__devserve/livereload.js" data-gen="[0-9a-f]+\.1"( nonce="abc123")? defer></script>`)
	tests := []struct {
		path   string
		header []string
		want   int    // scripts in the body
		nonce  bool   // script carries the nonce
		nobody string // text that must not be in the body
	}{
		{"/", nil, 1, false, ""},
		{"/gzip", []string{"Accept-Encoding", "gzip"}, 1, false, ""},
		{"/csp", nil, 1, true, ""},
		{"/json", nil, 0, false, ""},
		{"/", []string{"HX-Request", "true"}, 0, false, ""},
		{"/", []string{"Sec-Fetch-Dest", "empty"}, 0, false, ""},
	}
	for _, tt := range tests {
		resp, body := get(t, url+tt.path, tt.header...)
		found := script.FindAllStringSubmatch(body, -1)
		if len(found) != tt.want {
			t.Errorf("GET %s %v: %d scripts in %q, want %d", tt.path, tt.header, len(found), body, tt.want)
			continue
		}
		if tt.want == 1 && (found[0][1] != "") != tt.nonce {
			t.Errorf("GET %s: script %q, want nonce %v", tt.path, found[0][0], tt.nonce)
		}
		if tt.want == 1 && (resp.Header.Get("ETag") != "" || resp.Header.Get("Content-Encoding") != "") {
			t.Errorf("GET %s: injected page kept ETag %q / Content-Encoding %q", tt.path, resp.Header.Get("ETag"), resp.Header.Get("Content-Encoding"))
		}
	}
}

// TestProxyStreams checks that a streamed response reaches the client
// chunk by chunk: the app writes its second chunk only after the client
// has read the first.
func TestProxyStreams(t *testing.T) {
	next := make(chan struct{})
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", r.URL.Query().Get("type"))
		io.WriteString(w, "<html><head></head>first\n")
		w.(http.Flusher).Flush()
		<-next
		io.WriteString(w, "second\n")
	})
	p := &Proxy{}
	url := newProxy(t, p)
	ready(p, app)
	for _, ct := range []string{"text/html", "text/event-stream", "text/plain"} {
		resp, err := http.Get(url + "/?type=" + ct)
		if err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(resp.Body).ReadString('\n')
		if err != nil || !strings.HasSuffix(line, "first\n") {
			t.Errorf("%s: first line = %q, %v, want it before the app writes more", ct, line, err)
		}
		next <- struct{}{}
		resp.Body.Close()
	}
}

// TestProxyRestart checks that a request refused by an app that is going
// away is answered by the next one.
func TestProxyRestart(t *testing.T) {
	old := newApp(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "old") })
	p := &Proxy{}
	url := newProxy(t, p)
	ready(p, old)
	old.Close() // gone before devserve reports it
	done := make(chan string)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			done <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- string(b)
	}()
	p.Handle(reloader.Event{Kind: reloader.Stopped})
	ready(p, newApp(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "new") }))
	if got := <-done; got != "new" {
		t.Errorf("GET across a restart = %q, want %q", got, "new")
	}
}

// TestProxyRetriesInFlight checks that a GET in flight when the engine
// stops the app is sent again to the next one.
func TestProxyRetriesInFlight(t *testing.T) {
	entered := make(chan struct{}, 1)
	old := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-r.Context().Done()
	})
	p := &Proxy{}
	url := newProxy(t, p)
	ready(p, old)
	done := make(chan string)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			done <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- fmt.Sprintf("%d %s", resp.StatusCode, b)
	}()
	<-entered
	p.Handle(reloader.Event{Kind: reloader.Stopped})
	old.CloseClientConnections() // the app is killed
	ready(p, newApp(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "new") }))
	if got, want := <-done, "200 new"; got != want {
		t.Errorf("GET in flight across a restart = %q, want %q", got, want)
	}
}

// TestProxyHandlerPanic checks that a request whose handler panicked in
// a plain net/http app gets the panic's traceback page, matched through
// the address net/http logs, and, when devserve inspects panics, the fix
// that would show the next one's locals.
func TestProxyHandlerPanic(t *testing.T) {
	for _, inspect := range []bool{false, true} {
		p := &Proxy{}
		if inspect {
			p.Inspect = http.NotFoundHandler()
		}
		url := newProxy(t, p)
		app := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			panic("boom at " + r.URL.Path)
		}))
		app.Config.ErrorLog = log.New(panicLog{p}, "", 0)
		app.Start()
		t.Cleanup(app.Close)
		ready(p, app)
		resp, body := get(t, url+"/explode?x=1")
		if resp.StatusCode != 500 || !strings.Contains(body, "panic: boom at /explode") {
			t.Errorf("GET /explode = %d %q, want 500 with the traceback", resp.StatusCode, body)
		}
		if want := "GET " + url + "/explode?x=1"; !strings.Contains(body, want) {
			t.Errorf("GET /explode = %q, want it to name the request as %q", body, want)
		}
		fix := strings.Contains(body, "See the locals of the next panic") && strings.Contains(body, "debugpage.Handler(mux)")
		if fix != inspect {
			t.Errorf("with inspection %v, the page offers debugpage.Handler: %v, want %v\n%s", inspect, fix, inspect, body)
		}
	}
}

// panicLog turns net/http's panic log lines into HandlerPanic events, as
// the engine does with the app's stderr.
type panicLog struct{ p *Proxy }

var panicLine = regexp.MustCompile(`http: panic serving (\S+): (.*)`)

func (l panicLog) Write(b []byte) (int, error) {
	if m := panicLine.FindSubmatch(b); m != nil {
		rep := &debugpage.Report{Kind: debugpage.KindPanic, Title: "panic: " + string(m[2]), Message: string(m[2])}
		l.p.Handle(reloader.Event{Kind: reloader.HandlerPanic, Remote: string(m[1]), Report: rep})
	}
	return len(b), nil
}

// TestProxyEvents checks the reload generations sent to browsers: one at
// once, then one when the new app is ready, none while it builds.
func TestProxyEvents(t *testing.T) {
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {})
	p := &Proxy{}
	url := newProxy(t, p)
	ready(p, app)
	resp, err := http.Get(url + "/__devserve/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type = %q, want text/event-stream", ct)
	}
	events := bufio.NewScanner(resp.Body)
	first := nextData(t, events)
	if !strings.HasSuffix(first, ".1") {
		t.Fatalf("first generation = %q, want it to end in .1", first)
	}
	p.Handle(reloader.Event{Kind: reloader.Building})
	p.Handle(reloader.Event{Kind: reloader.Built})
	p.Handle(reloader.Event{Kind: reloader.Stopped})
	p.Handle(reloader.Event{Kind: reloader.Started, Addr: app.Listener.Addr().String()})
	p.Handle(reloader.Event{Kind: reloader.Ready, Addr: app.Listener.Addr().String()})
	if got, want := nextData(t, events), strings.TrimSuffix(first, "1")+"2"; got != want {
		t.Errorf("generation after the restart = %q, want %q", got, want)
	}
}

// nextData returns the data of the next event in s.
func nextData(t *testing.T, s *bufio.Scanner) string {
	t.Helper()
	for s.Scan() {
		if d, ok := strings.CutPrefix(s.Text(), "data: "); ok {
			return d
		}
	}
	t.Fatalf("events ended: %v", s.Err())
	return ""
}

// TestProxyUpgrade checks that an upgraded connection (a WebSocket's)
// passes through both ways.
func TestProxyUpgrade(t *testing.T) {
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "Upgrade")
		w.Header().Set("Upgrade", "echo")
		w.WriteHeader(http.StatusSwitchingProtocols)
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		line, _ := brw.ReadString('\n')
		brw.WriteString("echo: " + line)
		brw.Flush()
	})
	p := &Proxy{}
	url := newProxy(t, p)
	ready(p, app)
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade response = %v, %v, want 101", resp, err)
	}
	io.WriteString(conn, "hi\n")
	line, err := br.ReadString('\n')
	if line != "echo: hi\n" {
		t.Errorf("through the upgraded connection = %q, %v, want %q", line, err, "echo: hi\n")
	}
}

func TestProxyLimitsPageEncodings(t *testing.T) {
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "ae=%s", r.Header.Get("Accept-Encoding"))
	})
	p := &Proxy{}
	url := newProxy(t, p)
	ready(p, app)
	tests := []struct {
		header []string
		want   string
	}{
		{[]string{"Accept-Encoding", "gzip, deflate, br, zstd", "Sec-Fetch-Dest", "document"}, "ae=gzip"},
		{[]string{"Accept-Encoding", "br", "Accept", "text/html,*/*"}, "ae="},
		{[]string{"Accept-Encoding", "br;q=1, gzip;q=0", "Sec-Fetch-Dest", "document"}, "ae="},
		{[]string{"Accept-Encoding", "gzip, br", "Sec-Fetch-Dest", "script"}, "ae=gzip, br"},
		{[]string{"Accept-Encoding", "gzip, br", "Accept", "application/json"}, "ae=gzip, br"},
	}
	for _, tt := range tests {
		if _, body := get(t, url, tt.header...); body != tt.want {
			t.Errorf("app saw %q for a request with %q, want %q", body, tt.header, tt.want)
		}
	}
}

func TestCSPNonce(t *testing.T) {
	tests := []struct{ policy, want string }{
		{"", ""},
		{"script-src 'nonce-a1'", "a1"},
		{"default-src 'nonce-d'; script-src 'self'", ""},
		{"default-src 'nonce-d'", "d"},
		{"script-src 'nonce-s'; script-src-elem 'nonce-e'", "e"},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.policy != "" {
			h.Set("Content-Security-Policy", tt.policy)
		}
		if got := cspNonce(h); got != tt.want {
			t.Errorf("cspNonce(%q) = %q, want %q", tt.policy, got, tt.want)
		}
	}
}

func TestPortConflict(t *testing.T) {
	tests := []struct {
		output, addr string
		want         bool
	}{
		{"listen tcp :8080: bind: address already in use", "localhost:8080", true},
		{"listen tcp 127.0.0.1:8080: bind: address already in use", "localhost:8080", true},
		{"listen tcp :9090: bind: address already in use", "localhost:8080", false},
		{"panic: boom", "localhost:8080", false},
	}
	for _, tt := range tests {
		if got := PortConflict(tt.output, tt.addr) != ""; got != tt.want {
			t.Errorf("PortConflict(%q, %q) != \"\" = %v, want %v", tt.output, tt.addr, got, tt.want)
		}
	}
}
