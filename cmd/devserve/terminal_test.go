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
			{Kind: reloader.Stopped}, {Kind: reloader.Started}, {Kind: reloader.Ready, Duration: 2 * time.Millisecond},
		}, "● built in 1.00s → started in 1ms\n● watched file changed → restarted in 2ms\n"},
		{"build failed", []reloader.Event{
			{Kind: reloader.Building},
			{Kind: reloader.BuildFailed, Err: build},
		}, "✗ build failed (2 errors)\n  msg/msg.go:12:5: undefined: x\n  main.go:3: missing return\n  devserve waits for the next save\n"},
		{"crash", []reloader.Event{
			{Kind: reloader.Crashed, Report: &debugpage.Report{Title: "panic: boom"}},
		}, "✗ app crashed: panic: boom\n  devserve waits for the next save\n"},
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
