package proxy

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/devserve/devserve/reloader"
)

// stopApp feeds p the Stopping event of app, as the engine sends it
// right before it signals the app.
func stopApp(p *Proxy, addr string) {
	p.Handle(reloader.Event{Kind: reloader.Stopping, Addr: addr})
}

// awaitClosed waits for ch to be closed, for at most a second.
func awaitClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatalf("%s: still open a second after Stopping", what)
	}
}

// streamApp serves, at /events, server-sent events held open until the
// client goes away, at /held a chunked body held open likewise, and at
// /slow an ordinary response that comes once release is closed, after a
// value on arrived. It sends on ended once a stream's handler returns.
func streamApp(ended, arrived chan<- struct{}, release <-chan struct{}) *http.Server {
	mux := http.NewServeMux()
	hold := func(w http.ResponseWriter, r *http.Request, ct, first string) {
		w.Header().Set("Content-Type", ct)
		io.WriteString(w, first)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
		ended <- struct{}{}
	}
	mux.HandleFunc("/events", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		hold(w, r, "text/event-stream", "data: 1\n\n")
	})
	mux.HandleFunc("/held", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		hold(w, r, "application/x-ndjson", "{}\n")
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release
		io.WriteString(w, "finished")
	})
	return &http.Server{Handler: mux}
}

// TestStopEndsStreams checks that Stopping ends the streams open to the
// app on both forwarding paths, server-sent events cleanly and a held
// body broken off, so that the app's handlers return; while an ordinary
// request in flight finishes, and counts in InFlight.
func TestStopEndsStreams(t *testing.T) {
	tests := []struct {
		name, method, path string
		clean              bool // the client sees the stream end, not break
	}{
		{"events, plain path", "GET", "/events", true},
		{"events, reverse path", "POST", "/events", true},
		{"held body, plain path", "GET", "/held", false},
		{"held body, reverse path", "POST", "/held", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ended, arrived, release := make(chan struct{}, 1), make(chan struct{}, 1), make(chan struct{})
			app := newApp(t, streamApp(ended, arrived, release).Handler.ServeHTTP)
			p := &Proxy{}
			url := newProxy(t, p)
			ready(p, app)
			addr := app.Listener.Addr().String()

			var body io.Reader
			if tt.method == "POST" {
				body = strings.NewReader("x")
			}
			req, _ := http.NewRequest(tt.method, url+tt.path, body)
			client := &http.Client{Timeout: 5 * time.Second} // a stream left open fails the test
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			br := bufio.NewReader(resp.Body)
			if _, err := br.ReadString('\n'); err != nil {
				t.Fatalf("first line of the stream: %v", err)
			}
			slow := make(chan string, 1)
			go func() {
				_, b := get(t, url+"/slow")
				slow <- b
			}()
			<-arrived

			stopApp(p, addr)
			stopped := time.Now()
			if n := p.InFlight(); n != 1 {
				t.Errorf("InFlight() at Stopping = %d, want 1: the slow request, and not the stream", n)
			}
			rest, err := io.ReadAll(br)
			switch {
			case time.Since(stopped) > time.Second:
				t.Errorf("the stream ended %v after Stopping (%v), want at once", time.Since(stopped), err)
			case tt.clean && err != nil:
				t.Errorf("reading the stream after Stopping: %v (%q), want its end", err, rest)
			case !tt.clean && err == nil:
				t.Errorf("reading the stream after Stopping: %q and its end, want it broken", rest)
			}
			awaitClosed(t, ended, "the app's stream handler")
			close(release)
			if b := <-slow; b != "finished" {
				t.Errorf("the ordinary request in flight at Stopping got %q, want %q", b, "finished")
			}
		})
	}
}

// TestStopHoldsNewStreams checks that a stream whose head comes after
// Stopping is ended too, and that a request made after Stopping waits for
// the next app.
func TestStopHoldsNewStreams(t *testing.T) {
	ended := make(chan struct{}, 1)
	app := newApp(t, streamApp(ended, nil, nil).Handler.ServeHTTP)
	p := &Proxy{}
	url := newProxy(t, p)
	ready(p, app)
	st, _ := p.snapshot()
	stopApp(p, app.Listener.Addr().String())

	// A request already on its way to the old app when it was stopped.
	req, _ := http.NewRequest("GET", url+"/events", nil)
	late := forwardVia(t, p, req, st)
	awaitClosed(t, ended, "the stream opened after Stopping")
	<-late

	done := make(chan string, 1)
	go func() {
		_, b := get(t, url+"/")
		done <- b
	}()
	select {
	case b := <-done:
		t.Fatalf("GET after Stopping = %q, want it held for the next app", b)
	case <-time.After(100 * time.Millisecond):
	}
	next := newApp(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "next") })
	p.Handle(reloader.Event{Kind: reloader.Stopped})
	ready(p, next)
	if b := <-done; b != "next" {
		t.Errorf("GET after Stopping = %q, want the next app's %q", b, "next")
	}
}

// forwardVia sends req to the app of st, whatever the proxy's state, and
// returns a channel closed once the response is over.
func forwardVia(t *testing.T, p *Proxy, req *http.Request, st *state) <-chan struct{} {
	t.Helper()
	front := newApp(t, func(w http.ResponseWriter, r *http.Request) { p.forward(w, r, st) })
	req.URL.Host = front.Listener.Addr().String()
	done := make(chan struct{})
	go func() {
		defer close(done)
		resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
		if err != nil {
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	return done
}

// wsApp is a WebSocket app written by hand: it sends the frames of
// script, each half after the signal of the channel next to it (nil:
// at once), then reads until the connection closes, and closes gone.
type wsStep struct {
	bytes []byte
	after <-chan struct{}
}

func wsApp(t *testing.T, gone chan<- struct{}, script []wsStep) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer close(gone)
		sum := sha1.Sum([]byte(r.Header.Get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
		c, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close()
		fmt.Fprintf(brw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
			base64.StdEncoding.EncodeToString(sum[:]))
		brw.Flush()
		for _, s := range script {
			if s.after != nil {
				<-s.after
			}
			c.Write(s.bytes)
		}
		io.Copy(io.Discard, c)
	}
}

// wsDial opens a WebSocket to url through the proxy, by hand.
func wsDial(t *testing.T, url string) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	fmt.Fprintf(c, "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("WebSocket handshake: %s, want 101", resp.Status)
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	return c, br
}

// readFrame reads one unmasked frame of at most 125 bytes.
func readFrame(t *testing.T, br *bufio.Reader) (op byte, payload []byte) {
	t.Helper()
	var head [2]byte
	if _, err := io.ReadFull(br, head[:]); err != nil {
		t.Fatalf("reading a frame: %v", err)
	}
	payload = make([]byte, head[1]&0x7f)
	if _, err := io.ReadFull(br, payload); err != nil {
		t.Fatalf("reading a frame's payload: %v", err)
	}
	return head[0], payload
}

// TestStopClosesWebSocket checks that Stopping sends the client of a
// WebSocket a close frame with code 1012 between two of the app's
// frames, and closes the app's side.
func TestStopClosesWebSocket(t *testing.T) {
	tests := []struct {
		name  string
		split bool // the app is halfway through a frame at Stopping
	}{
		{"between frames", false},
		{"within a frame", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gone := make(chan struct{})
			stopped := make(chan struct{})
			frame := []byte{0x81, 5, 'h', 'e', 'l', 'l', 'o'}
			script := []wsStep{{frame, nil}}
			if tt.split {
				script = []wsStep{{frame[:3], nil}, {frame[3:], stopped}}
			}
			app := newApp(t, wsApp(t, gone, script))
			p := &Proxy{}
			url := newProxy(t, p)
			ready(p, app)
			_, br := wsDial(t, url)
			if tt.split {
				if _, err := io.ReadFull(br, make([]byte, 3)); err != nil { // the frame under way
					t.Fatal(err)
				}
			} else if op, b := readFrame(t, br); op != 0x81 || string(b) != "hello" {
				t.Fatalf("first frame = %#x %q, want text %q", op, b, "hello")
			}

			stopApp(p, app.Listener.Addr().String())
			close(stopped)
			if tt.split {
				rest := make([]byte, 4)
				if _, err := io.ReadFull(br, rest); err != nil || string(rest) != "ello" {
					t.Fatalf("rest of the frame under way at Stopping = %q, %v; want %q", rest, err, "ello")
				}
			}
			op, b := readFrame(t, br)
			if op != 0x88 || len(b) < 2 || binary.BigEndian.Uint16(b) != 1012 {
				t.Fatalf("frame after Stopping = %#x %q, want close with code 1012", op, b)
			}
			awaitClosed(t, gone, "the app's side of the WebSocket")
		})
	}
}

func TestWSFramesFollow(t *testing.T) {
	long := append([]byte{0x82, 126, 0x01, 0x00}, make([]byte, 256)...)
	masked := []byte{0x81, 0x82, 1, 2, 3, 4, 'h', 'i'}
	tests := []struct {
		name     string
		stream   []byte
		at       int  // bytes followed before the stop
		want     int  // bytes followed with stop from there
		boundary bool // at a boundary after them
	}{
		{"whole frame", []byte{0x81, 2, 'h', 'i', 0x81, 1, 'x'}, 0, 4, true},
		{"rest of a frame", []byte{0x81, 2, 'h', 'i', 0x81, 1, 'x'}, 3, 1, true},
		{"head split", []byte{0x81, 2, 'h', 'i'}, 1, 3, true},
		{"empty frame", []byte{0x89, 0, 0x81, 1, 'x'}, 0, 2, true},
		{"16-bit length", long, 0, len(long), true},
		{"16-bit length, cut", long, 3, len(long) - 3, true},
		{"masked", masked, 0, len(masked), true},
		{"no end in sight", []byte{0x81, 5, 'h', 'e'}, 0, 4, false},
	}
	for _, tt := range tests {
		var f wsFrames
		f.follow(tt.stream[:tt.at], false)
		got := f.follow(tt.stream[tt.at:], true)
		if got != tt.want || f.atBoundary() != tt.boundary {
			t.Errorf("%s: follow = %d, at boundary %v; want %d, %v", tt.name, got, f.atBoundary(), tt.want, tt.boundary)
		}
	}
}
