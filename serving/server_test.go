package serving

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRunAddressForms(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		addr    string
		wantURL func(port string) string // the URL the banner must show
	}{
		{"localhost:0", func(p string) string { return "http://localhost:" + p }},
		{"127.0.0.1:0", func(p string) string { return "http://127.0.0.1:" + p }},
		{":0", func(p string) string { return "http://127.0.0.1:" + p }},
		{"[::1]:0", func(p string) string { return "http://[::1]:" + p }},
		{"0.0.0.0:0", func(p string) string { return "http://127.0.0.1:" + p }},
		{"[::]:0", func(p string) string { return "http://[::1]:" + p }},
		{"unix://" + filepath.ToSlash(filepath.Join(dir, "abs.sock")), func(string) string {
			return "unix://" + filepath.ToSlash(filepath.Join(dir, "abs.sock"))
		}},
		{"unix://rel.sock", func(string) string { return "unix://" + filepath.ToSlash(filepath.Join(dir, "rel.sock")) }},
	}
	t.Chdir(dir)
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if strings.Contains(tt.addr, "[::") && !hasIPv6Loopback() {
				t.Skip("no IPv6 loopback")
			}
			s := startServer(t, tt.addr, hello)
			port := ""
			if tcp, ok := s.addr.(*net.TCPAddr); ok {
				port = strconv.Itoa(tcp.Port)
				if tcp.Port == 0 {
					t.Fatalf("Run(%q) bound port 0, want a real port", tt.addr)
				}
			}
			if want := " * Running on " + tt.wantURL(port) + "\n"; !strings.Contains(s.out.String(), want) {
				t.Errorf("Run(%q) banner = %q, want a line %q", tt.addr, s.out.String(), want)
			}
			c, base := s.client()
			switch tt.addr {
			case "0.0.0.0:0":
				base = "http://127.0.0.1:" + port
			case "[::]:0":
				base = "http://[::1]:" + port
			}
			resp, err := c.Get(base + "/")
			if err != nil {
				t.Fatalf("GET / on %q: %v", tt.addr, err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(body) != "hello" {
				t.Errorf("GET / on %q = %q, want %q", tt.addr, body, "hello")
			}
			if err := s.stop(); err != nil {
				t.Errorf("Run(%q) after cancel = %v, want nil", tt.addr, err)
			}
		})
	}
}

func hasIPv6Loopback() bool {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

func TestRunDevserveAddrWins(t *testing.T) {
	t.Setenv("DEVSERVE_ADDR", "127.0.0.1:0")
	s := startServer(t, "not an address", hello)
	port := s.addr.(*net.TCPAddr).Port
	want := fmt.Sprintf(" * Serving behind devserve on 127.0.0.1:%d (DEVSERVE_ADDR)\n", port)
	if got := s.out.String(); got != want {
		t.Errorf("banner under DEVSERVE_ADDR = %q, want %q", got, want)
	}
}

func TestRunPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	err = Run(context.Background(), addr, hello, WithOutput(io.Discard))
	want := "serving: address " + addr + " is already in use; stop the other server or pick another port (port 0, as in localhost:0, picks a free one)"
	if err == nil || err.Error() != want {
		t.Errorf("Run(%q) with the port taken = %v, want %q", addr, err, want)
	}
}

func TestRunUnixSocketInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Skipf("no unix sockets: %v", err)
	}
	defer ln.Close()
	go func() { // answer the liveness probe
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	err = Run(context.Background(), "unix://"+path, hello, WithOutput(io.Discard))
	if err == nil || !strings.Contains(err.Error(), "unix socket "+path+" is already in use") {
		t.Errorf("Run on a live socket = %v, want an in-use error", err)
	}
}

func TestRunRemovesStaleSocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stale.sock")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Skipf("no unix sockets: %v", err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Lstat(path); err != nil {
		t.Fatalf("stale socket missing: %v", err)
	}
	s := startServer(t, "unix://"+path, hello)
	if err := s.stop(); err != nil {
		t.Errorf("Run on a stale socket = %v, want nil", err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket after shutdown: Lstat = %v, want it removed", err)
	}
}

func TestRunNotASocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "file.sock")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := Run(context.Background(), "unix://"+path, hello, WithOutput(io.Discard))
	if err == nil || !strings.Contains(err.Error(), "not a socket") {
		t.Errorf("Run on a regular file = %v, want a not-a-socket error", err)
	}
}

func TestRunStartErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		addr string
		opts []Option
		want string
	}{
		{"bad address", "localhost", nil, "serving: bad address \"localhost\": want " + acceptedForms},
		{"missing static dir", "127.0.0.1:0", []Option{WithStatic("/s/", filepath.Join(dir, "nope"))}, "serving: static files for /s/:"},
		{"cert without key", "127.0.0.1:0", []Option{WithTLSFiles("c.pem", "")}, "serving: TLS: a certificate file needs a key file"},
		{"missing cert files", "127.0.0.1:0", []Option{WithTLSFiles(filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem"))}, "serving: TLS: open "},
		{"files and adhoc", "127.0.0.1:0", []Option{WithTLSFiles("c", "k"), WithAdhocTLS()}, "serving: TLS: both certificate files and ad-hoc TLS are set"},
	}
	for _, tt := range tests {
		err := Run(context.Background(), tt.addr, hello, append(tt.opts, WithOutput(io.Discard))...)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: Run = %v, want one line starting %q", tt.name, err, tt.want)
		}
	}
}

func TestRunGracefulShutdown(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			close(started)
			<-release
		}
		_, _ = io.WriteString(w, "finished")
	})
	s := startServer(t, "127.0.0.1:0", app, WithGrace(time.Minute))
	idle := idleConn(t, s.addr.String())
	type result struct {
		body string
		err  error
	}
	resc := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + s.addr.String() + "/slow")
		if err != nil {
			resc <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		resc <- result{string(b), err}
	}()
	<-started
	s.cancel()
	awaitClosed(t, idle) // shutdown has begun: listener closed, idle connections too
	if c, err := net.Dial("tcp", s.addr.String()); err == nil {
		c.Close()
		t.Errorf("dial during shutdown succeeded, want it refused")
	}
	select {
	case err := <-s.done:
		t.Fatalf("Run returned %v with a request in flight, want it to wait", err)
	default:
	}
	close(release)
	if r := <-resc; r.err != nil || r.body != "finished" {
		t.Errorf("in-flight request = %q, %v, want %q", r.body, r.err, "finished")
	}
	if err := s.stop(); err != nil {
		t.Errorf("Run after graceful shutdown = %v, want nil", err)
	}
}

// idleConn returns a connection to addr that has made one request and
// is now idle, kept alive by the server.
func idleConn(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return c
}

// awaitClosed waits until the server closes c.
func awaitClosed(t *testing.T, c net.Conn) {
	t.Helper()
	if err := c.SetReadDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if n, err := c.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("read from idle connection during shutdown = %d, %v, want EOF", n, err)
	}
}

func TestRunGraceExpires(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
	})
	s := startServer(t, "127.0.0.1:0", app, WithGrace(20*time.Millisecond))
	errc := make(chan error, 1)
	go func() {
		resp, err := http.Get("http://" + s.addr.String() + "/stuck")
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-started
	err := s.stop()
	if err == nil || err.Error() != "serving: requests still running after the 20ms grace period were cut off" {
		t.Errorf("Run with a stuck request = %v, want the grace-period error", err)
	}
	if err := <-errc; err == nil {
		t.Errorf("stuck request got a response, want its connection cut")
	}
}

func TestRunReadHeaderTimeout(t *testing.T) {
	s := startServer(t, "127.0.0.1:0", hello, WithReadHeaderTimeout(50*time.Millisecond))
	c, err := net.Dial("tcp", s.addr.String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: slow"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	awaitClosed(t, c) // the headers never end: the server must hang up
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("server held a client with unfinished headers for %v, want about 50ms", waited)
	}
}
