package reloader

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestServeStopsOnServerFailure checks that a server that fails (here,
// its listener is closed under it) stops the engine, and that Serve
// returns the server's error.
func TestServeStopsOnServerFailure(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	e := &Engine{Dir: "testdata/app", Stdout: io.Discard, Stderr: io.Discard}
	done := make(chan error, 1)
	go func() { done <- e.Serve(context.Background(), &http.Server{}, ln, time.Second) }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("Serve on a closed listener = nil, want the server's error")
		}
	case <-time.After(time.Minute):
		t.Fatal("Serve still runs a minute after its server failed")
	}
}
