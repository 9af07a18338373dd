package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

func TestTerminalLines(t *testing.T) {
	build := &reloader.BuildError{Package: ".", Errors: []reloader.CompileError{
		{File: "/mod/msg/msg.go", Line: 12, Column: 5, Message: "undefined: x"},
		{File: "/mod/main.go", Line: 3, Message: "missing return"},
	}}
	bind := &debugpage.Report{Title: "exit status 1", Message: "listen tcp :8080: bind: address already in use"}
	tests := []struct {
		name   string
		events []reloader.Event
		want   string
	}{
		{"first", []reloader.Event{
			{Kind: reloader.Building},
			{Kind: reloader.Built, Duration: 820 * time.Millisecond},
			{Kind: reloader.Started},
			{Kind: reloader.Ready, Duration: 41 * time.Millisecond},
		}, "● built in 0.82s → started in 41ms\n"},
		{"edit", []reloader.Event{
			{Kind: reloader.Building}, {Kind: reloader.Built, Duration: time.Second}, {Kind: reloader.Ready, Duration: time.Millisecond},
			{Kind: reloader.Building, Changed: []string{"msg/msg.go"}},
			{Kind: reloader.Built, Duration: 820 * time.Millisecond},
			{Kind: reloader.Stopped},
			{Kind: reloader.Started},
			{Kind: reloader.Ready, Duration: 41 * time.Millisecond},
		}, "● built in 1.00s → started in 1ms\n● msg/msg.go changed → built in 0.82s → restarted in 41ms\n"},
		{"restart only", []reloader.Event{
			{Kind: reloader.Building}, {Kind: reloader.Built, Duration: time.Second}, {Kind: reloader.Ready, Duration: time.Millisecond},
			{Kind: reloader.Stopped}, {Kind: reloader.Started, Changed: []string{"/mod/templates/index.html"}}, {Kind: reloader.Ready, Duration: 2 * time.Millisecond},
		}, "● built in 1.00s → started in 1ms\n● templates/index.html changed → restarted in 2ms\n"},
		{"build failed", []reloader.Event{
			{Kind: reloader.Building},
			{Kind: reloader.BuildFailed, Err: build},
		}, "✗ build failed (2 errors)\n  msg/msg.go:12:5: undefined: x\n  main.go:3: missing return\n  devserve waits for the next save\n"},
		{"handler panic", []reloader.Event{
			{Kind: reloader.HandlerPanic, Report: &debugpage.Report{Title: "panic: boom"}},
		}, "✗ handler panicked: boom (traceback in the response)\n"},
		{"crash", []reloader.Event{
			{Kind: reloader.Crashed, Report: &debugpage.Report{Title: "panic: boom"}},
		}, "✗ app crashed: panic: boom\n  devserve waits for the next save\n"},
		{"adopted", []reloader.Event{
			{Kind: reloader.Building}, {Kind: reloader.Built, Duration: time.Second},
			{Kind: reloader.Ready, Addr: "127.0.0.1:8585", Adopted: true, Duration: time.Millisecond},
			{Kind: reloader.Building, Changed: []string{"main.go"}}, {Kind: reloader.Built, Duration: time.Second},
			{Kind: reloader.Ready, Addr: "127.0.0.1:8585", Adopted: true, Duration: time.Millisecond},
		}, "! the app ignores $PORT and listens on 127.0.0.1:8585: devserve forwards there (--app-addr 127.0.0.1:8585 says so)\n" +
			"● built in 1.00s → started in 1ms\n● main.go changed → built in 1.00s → restarted in 1ms\n"},
		{"own port after all", []reloader.Event{
			{Kind: reloader.Building}, {Kind: reloader.Built, Duration: time.Second}, {Kind: reloader.Started},
			{Kind: reloader.Ready, Addr: "127.0.0.1:9090", Adopted: true, Duration: time.Millisecond},
			{Kind: reloader.Ready, Addr: "127.0.0.1:4567", Duration: time.Second},
		}, "! the app ignores $PORT and listens on 127.0.0.1:9090: devserve forwards there (--app-addr 127.0.0.1:9090 says so)\n" +
			"● built in 1.00s → started in 1ms\n! the app listens on $PORT (127.0.0.1:4567) after all: devserve forwards there\n"},
		{"several ports", []reloader.Event{
			{Kind: reloader.NotListening, Addr: "127.0.0.1:4567", Listening: []string{"127.0.0.1:8585", "127.0.0.1:9090"}},
		}, "✗ the app listens on 127.0.0.1:8585, 127.0.0.1:9090, not on $PORT (127.0.0.1:4567): run devserve with --app-addr set to the one to serve\n"},
		{"hint", []reloader.Event{
			{Kind: reloader.Crashed, ExitStatus: "exit status 1", Hint: "listen on the port",
				Report: &debugpage.Report{Title: "listen tcp: address 4567: missing port in address"}},
		}, "✗ app crashed: listen tcp: address 4567: missing port in address (exit status 1)\n  listen on the port\n  devserve waits for the next save\n"},
		{"quick stop", []reloader.Event{
			{Kind: reloader.Stopping}, {Kind: reloader.Stopped, Duration: 900 * time.Millisecond},
		}, ""},
		{"slow stop", []reloader.Event{
			{Kind: reloader.Stopping}, {Kind: reloader.Stopped, Duration: 1500 * time.Millisecond, ExitStatus: "exit status 0"},
		}, "! stopping the app took 1.50s: it was finishing 2 requests\n"},
		{"killed", []reloader.Event{
			{Kind: reloader.Stopping}, {Kind: reloader.Stopped, Duration: 5010 * time.Millisecond, ExitStatus: "signal: killed"},
		}, "! stopping the app took 5.01s: it was finishing 2 requests; it was killed after --grace 5s\n"},
		{"public port", []reloader.Event{
			{Kind: reloader.Crashed, Report: bind},
		}, "✗ app crashed: exit status 1\n  The app tried to listen on port 8080, which devserve itself serves on (--addr 127.0.0.1:8080). " +
			"Make the app listen on the port devserve gives it in $PORT, or run devserve with another --addr.\n  devserve waits for the next save\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		term := newTerminal(&buf, &options{grace: 5 * time.Second}, "/mod")
		term.publicAddr, term.inFlight = "127.0.0.1:8080", func() int { return 2 }
		for _, ev := range tt.events {
			term.handle(ev)
		}
		if got := buf.String(); got != tt.want {
			t.Errorf("%s: terminal printed\n%s\nwant\n%s", tt.name, got, tt.want)
		}
	}
}

func TestTerminalQuiet(t *testing.T) {
	var buf bytes.Buffer
	term := newTerminal(&buf, &options{quiet: true}, "/mod")
	term.handle(reloader.Event{Kind: reloader.Building})
	term.handle(reloader.Event{Kind: reloader.Ready})
	term.handle(reloader.Event{Kind: reloader.Crashed, Report: &debugpage.Report{Title: "panic: boom"}})
	if got, want := buf.String(), "✗ app crashed: panic: boom\n"; got != want {
		t.Errorf("quiet terminal printed %q, want %q", got, want)
	}
}

// TestTerminalIntro checks that the banner waits for the engine's first
// event, so that an engine that cannot start leaves its error alone, and
// that the pages' host names are listed once each.
func TestTerminalIntro(t *testing.T) {
	var buf bytes.Buffer
	term := newTerminal(&buf, &options{verbose: true}, "/mod")
	term.intro = &intro{url: "http://localhost:8080/", pkg: ".", trust: &debugpage.Trust{Hosts: []string{"localhost", "dev.test", "LOCALHOST"}}}
	if buf.Len() != 0 {
		t.Fatalf("terminal printed %q before any event, want nothing", buf.String())
	}
	term.handle(reloader.Event{Kind: reloader.Stopped})
	term.handle(reloader.Event{Kind: reloader.Stopped})
	want := "devserve serving . at http://localhost:8080/\n" +
		"  devserve's pages are served under localhost, dev.test\n" +
		"  stopped the app\n  stopped the app\n"
	if got := buf.String(); got != want {
		t.Errorf("terminal printed\n%s\nwant\n%s", got, want)
	}
}
