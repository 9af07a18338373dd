package proxy

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devserve/devserve/reloader"
)

// readUntil reads from br up to and including s, and returns what it read.
func readUntil(t *testing.T, br *bufio.Reader, s string) string {
	t.Helper()
	var b strings.Builder
	for !strings.HasSuffix(b.String(), s) {
		c, err := br.ReadByte()
		if err != nil {
			t.Fatalf("reading the page up to %q: %v; got %q", s, err, b.String())
		}
		b.WriteByte(c)
	}
	return b.String()
}

// TestWaitingPage checks that a browser's request for a page held for a
// second gets the waiting page, in the debug page's style, with the time
// waited, the build's output so far and then as it comes, and its end
// once the build fails, with the advice to save again.
func TestWaitingPage(t *testing.T) {
	p := &Proxy{}
	url := newProxy(t, p)
	p.Handle(reloader.Event{Kind: reloader.Building})
	p.Handle(reloader.Event{Kind: reloader.BuildOutput, Line: "# example.com/app"})
	start := time.Now()
	req, _ := http.NewRequest("GET", url+"/page", nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if held := time.Since(start); held < waitingPageAfter {
		t.Errorf("the waiting page came after %v, want the request held %v first", held, waitingPageAfter)
	}
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("waiting page: %d %s, want 503 text/html", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	br := bufio.NewReader(resp.Body)
	head := readUntil(t, br, `<pre id="output">`)
	for _, want := range []string{`<link rel="stylesheet" href="/__devserve/debug.css?v=`, "<h1 id=\"title\">Building the app…</h1>", `data-elapsed="1">1s</time>`} {
		if !strings.Contains(head, want) {
			t.Errorf("waiting page head:\n%s\nwant %s", head, want)
		}
	}
	readUntil(t, br, "# example.com/app\n")
	p.Handle(reloader.Event{Kind: reloader.BuildOutput, Line: "main.go:3:1: <undefined>"})
	readUntil(t, br, "main.go:3:1: &lt;undefined&gt;\n")
	p.Handle(reloader.Event{Kind: reloader.BuildFailed, Err: &reloader.BuildError{Package: "."}})
	rest, err := io.ReadAll(br)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"The build failed. devserve waits for the next save.", `<meta http-equiv="refresh" content="0">`, "</html>"} {
		if !strings.Contains(string(rest), want) {
			t.Errorf("end of the waiting page after BuildFailed:\n%s\nwant %s", rest, want)
		}
	}
}

// TestWaitingPageEnds checks how the waiting page ends: at Ready, or at
// Wait, each time with a refresh; and that it shows the build's output
// to trusted clients only.
func TestWaitingPageEnds(t *testing.T) {
	app := newApp(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "app") })
	tests := []struct {
		name, remote string
		ready        bool // the app gets ready while the page shows
		want, not    string
	}{
		{"ready", "127.0.0.1:5000", true, "The app is ready.", ""},
		{"wait over", "127.0.0.1:5000", false, "Still waiting.", ""},
		{"untrusted", "192.0.2.7:5000", true, "The app is ready.", "secret/path.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Proxy{Wait: 1500 * time.Millisecond}
			p.Handle(reloader.Event{Kind: reloader.Building})
			p.Handle(reloader.Event{Kind: reloader.BuildOutput, Line: "secret/path.go:1: note"})
			r := httptest.NewRequest("GET", "http://localhost/", nil)
			r.RemoteAddr = tt.remote
			r.Header.Set("Sec-Fetch-Dest", "document")
			w := &flushSignal{ResponseRecorder: httptest.NewRecorder(), flushed: make(chan struct{})}
			done := make(chan struct{})
			go func() {
				defer close(done)
				p.ServeHTTP(w, r)
			}()
			if tt.ready {
				<-w.flushed // the page is under way
				p.Handle(reloader.Event{Kind: reloader.Built})
				p.Handle(reloader.Event{Kind: reloader.Started, Addr: app.Listener.Addr().String()})
				p.Handle(reloader.Event{Kind: reloader.Ready, Addr: app.Listener.Addr().String()})
			}
			<-done
			body := w.Body.String()
			if w.Code != http.StatusServiceUnavailable || !strings.Contains(body, tt.want) || !strings.Contains(body, `http-equiv="refresh"`) {
				t.Errorf("waiting page = %d\n%s\nwant 503 ending %q, with a refresh", w.Code, body, tt.want)
			}
			if tt.not != "" && strings.Contains(body, tt.not) {
				t.Errorf("waiting page for %s:\n%s\nwant no %q", tt.remote, body, tt.not)
			}
		})
	}
}

// flushSignal is a ResponseRecorder that closes flushed at its first
// Flush.
type flushSignal struct {
	*httptest.ResponseRecorder
	flushed chan struct{}
	once    sync.Once
}

func (f *flushSignal) Flush() {
	f.ResponseRecorder.Flush()
	f.once.Do(func() { close(f.flushed) })
}

// TestWaitingOthersHeld checks that requests other than a browser's for
// a page are held for Wait, not answered with the waiting page.
func TestWaitingOthersHeld(t *testing.T) {
	p := &Proxy{Wait: 1500 * time.Millisecond}
	url := newProxy(t, p)
	p.Handle(reloader.Event{Kind: reloader.Building})
	tests := []struct{ name, header, value string }{
		{"curl", "Accept", "*/*"},
		{"fetch of a page", "Sec-Fetch-Dest", "empty"},
		{"htmx", "HX-Request", "true"},
	}
	for _, tt := range tests {
		start := time.Now()
		resp, body := get(t, url, "Accept", "text/html", tt.header, tt.value)
		if held := time.Since(start); held < p.Wait || resp.StatusCode != http.StatusServiceUnavailable || strings.Contains(body, "<html") {
			t.Errorf("%s: %d %q after %v, want the short 503 after Wait (%v)", tt.name, resp.StatusCode, body, held, p.Wait)
		}
	}
}
