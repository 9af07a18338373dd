package serving

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// safeBuffer is a bytes.Buffer that a server and a test may share.
type safeBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	wrote chan struct{} // closed by the next Write, for awaitContains
}

func (b *safeBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.wrote != nil {
		close(b.wrote)
		b.wrote = nil
	}
	return b.b.Write(p)
}

func (b *safeBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// awaitContains waits until b contains s, each write to b being a signal
// to look again, and reports whether it did before the timeout.
func (b *safeBuffer) awaitContains(s string, timeout time.Duration) bool {
	deadline := time.After(timeout)
	for {
		b.mu.Lock()
		ok := strings.Contains(b.b.String(), s)
		if !ok && b.wrote == nil {
			b.wrote = make(chan struct{})
		}
		wrote := b.wrote
		b.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-wrote:
		case <-deadline:
			return false
		}
	}
}

// testServer is a server started by Run for one test.
type testServer struct {
	addr   net.Addr
	out    *safeBuffer // banner, errors and, unless redirected, the log
	cancel context.CancelFunc
	done   chan error // receives Run's result
}

// startServer runs app on addr with opts (output captured, colors off
// unless opts say otherwise) and waits until it listens. The server is
// stopped at the end of the test if the test has not stopped it.
func startServer(t *testing.T, addr string, app http.Handler, opts ...Option) *testServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &testServer{out: new(safeBuffer), cancel: cancel, done: make(chan error, 1)}
	listening := make(chan net.Addr, 1)
	opts = append([]Option{WithOutput(s.out), WithColor(false)}, opts...)
	opts = append(opts, WithOnListen(func(a net.Addr) { listening <- a }))
	go func() { s.done <- Run(ctx, addr, app, opts...) }()
	select {
	case s.addr = <-listening:
	case err := <-s.done:
		cancel()
		t.Fatalf("Run(%q) = %v before listening, want it serving", addr, err)
	}
	t.Cleanup(func() { s.stop() })
	return s
}

// stop cancels the server's context and returns Run's result. Calling it
// again returns nil.
func (s *testServer) stop() error {
	s.cancel()
	err, ok := <-s.done
	if ok {
		close(s.done)
	}
	return err
}

// client returns an HTTP client that reaches the server whatever its
// network, and the base URL to use with it.
func (s *testServer) client() (*http.Client, string) {
	if s.addr.Network() != "unix" {
		return &http.Client{}, "http://" + s.addr.String()
	}
	tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", s.addr.String())
	}}
	return &http.Client{Transport: tr}, "http://unix"
}

// rawGet sends a request with exactly target as its request-target, which
// no client library would send as it is, and returns the response.
func rawGet(t *testing.T, addr, method, target string, header ...string) (*http.Response, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer c.Close()
	req := method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
	for _, h := range header {
		req += h + "\r\n"
	}
	if _, err := c.Write([]byte(req + "\r\n")); err != nil {
		t.Fatalf("write request: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%s %s: read response: %v", method, target, err)
	}
	defer resp.Body.Close()
	var body strings.Builder
	_, err = bufio.NewReader(resp.Body).WriteTo(&body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, target, err)
	}
	return resp, body.String()
}

// hello answers every request with "hello".
var hello = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte("hello"))
})
