package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/devserve/devserve/serving"
)

func TestHello(t *testing.T) {
	a, err := newApp()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	listening := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- serving.Run(ctx, "127.0.0.1:0", a,
			serving.WithStatic("/static/", "static"),
			serving.WithOutput(io.Discard),
			serving.WithOnListen(func(addr net.Addr) { listening <- addr }))
	}()
	var base string
	select {
	case addr := <-listening:
		base = "http://" + addr.String()
	case err := <-done:
		t.Fatalf("Run = %v before listening", err)
	}
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	}()
	tests := []struct {
		path, want string
		status     int
	}{
		{"/?name=Gopher", "<h1>Hello, Gopher!</h1>", 200},
		{"/?name=%3Cb%3E", "Hello, &lt;b&gt;!", 200},
		{"/static/style.css", "max-width", 200},
		{"/static/app.js", "getElementById", 200},
		{"/panic", "Internal Server Error", 500},
		{"/nope", "404 page not found", 404},
	}
	for _, tt := range tests {
		resp, err := http.Get(base + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
			t.Errorf("GET %s = %d %q, want %d with %q", tt.path, resp.StatusCode, body, tt.status, tt.want)
		}
	}
}
