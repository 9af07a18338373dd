package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestBadHTTP sends malformed requests to the public server in front of
// a handler: each gets its error status or a closed connection, and a
// well-formed request is answered meanwhile.
func TestBadHTTP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := publicServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	go srv.Serve(ln)
	defer srv.Close()
	addr := ln.Addr().String()

	tests := []struct {
		name, request string
		want          string // the start of the response; "" for a closed connection
	}{
		{"bad request line", "GARBAGE\r\n\r\n", "HTTP/1.1 400 Bad Request"},
		{"bad version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n", "HTTP/1.1 505"},
		{"bad header", "GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", "HTTP/1.1 400 Bad Request"},
		{"oversized headers", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 2<<20) + "\r\n\r\n", "HTTP/1.1 431"},
		{"control bytes", "GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request"},
		{"binary noise", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", "HTTP/1.1 400 Bad Request"},
	}
	for _, tt := range tests {
		if got := roundTripRaw(t, addr, tt.request); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: response = %.60q, want it to start with %q", tt.name, got, tt.want)
		}
	}

	// A client that never finishes its headers is cut off after
	// ReadHeaderTimeout, and does not hold up others meanwhile.
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	io.WriteString(slow, "GET / HTTP/1.1\r\nHost: x\r\n")
	if got := roundTripRaw(t, addr, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.1 200 OK") {
		t.Errorf("request beside a slow one: response = %.60q, want 200 OK", got)
	}
	start := time.Now()
	slow.SetReadDeadline(start.Add(time.Minute))
	_, err = io.ReadAll(slow)
	if took := time.Since(start); err != nil || took > srv.ReadHeaderTimeout+30*time.Second {
		t.Errorf("slow headers: connection ended after %v with %v, want it closed within ReadHeaderTimeout (%v)", took, err, srv.ReadHeaderTimeout)
	}
}

// roundTripRaw writes request on a new connection to addr and returns
// all that comes back before the server closes it (or a minute passes).
func roundTripRaw(t *testing.T, addr, request string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Minute))
	go io.WriteString(c, request) // the server may answer before reading it all
	line, _ := bufio.NewReader(c).ReadString('\n')
	return line
}
