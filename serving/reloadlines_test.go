package serving

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

func TestReloadLines(t *testing.T) {
	root := filepath.FromSlash("/src/app")
	buildErr := &reloader.BuildError{Errors: []reloader.CompileError{
		{File: filepath.Join(root, "lib", "lib.go"), Line: 3, Column: 1, Message: "syntax error"},
		{File: filepath.FromSlash("/elsewhere/x.go"), Line: 9, Message: "undefined: y"},
	}}
	tests := []struct {
		name   string
		events []reloader.Event
		want   string
	}{
		{"first start", []reloader.Event{
			{Kind: reloader.Watching, Mode: "fsnotify", Files: 12},
			{Kind: reloader.Building},
			{Kind: reloader.Built},
			{Kind: reloader.Started, PID: 42},
			{Kind: reloader.Ready},
		}, " * Restarting with fsnotify\n"},
		{"polling", []reloader.Event{
			{Kind: reloader.Watching, Mode: "poll"},
			{Kind: reloader.Started},
		}, " * Restarting with stat\n"},
		{"polling for a reason", []reloader.Event{
			{Kind: reloader.Watching, Mode: "poll", Reason: "the inotify watch limit is reached"},
			{Kind: reloader.Watching, Mode: "poll", Reason: "the inotify watch limit is reached"},
			{Kind: reloader.Started},
		}, " * Watching with stat: the inotify watch limit is reached\n * Restarting with stat\n"},
		{"change", []reloader.Event{
			{Kind: reloader.Watching, Mode: "fsnotify"},
			{Kind: reloader.Building, Changed: []string{"lib/version.go"}},
			{Kind: reloader.Stopped},
			{Kind: reloader.Started},
		}, " * Detected change in 'lib/version.go', reloading\n * Restarting with fsnotify\n"},
		{"many changes", []reloader.Event{
			{Kind: reloader.Building, Changed: []string{"a.go", "b.go", "c.go", "d.go", "e.go"}},
		}, " * Detected change in 'a.go', reloading\n * Detected change in 'b.go', reloading\n * Detected change in 'c.go', reloading\n * ... and 2 more changes\n"},
		{"build failed", []reloader.Event{{Kind: reloader.BuildFailed, Err: buildErr}},
			" * Build failed (2 errors), the error page is served until it is fixed\n   lib/lib.go:3:1: syntax error\n   " +
				filepath.FromSlash("/elsewhere/x.go") + ":9: undefined: y\n"},
		{"go command failed", []reloader.Event{{Kind: reloader.BuildFailed, Err: &reloader.BuildError{Output: "go: no go.mod\n"}}},
			" * Build failed, the error page is served until it is fixed\ngo: no go.mod\n"},
		{"crash", []reloader.Event{{Kind: reloader.Crashed, ExitStatus: "exit status 2", Report: &debugpage.Report{Title: "panic: boom"}}},
			" * The program exited (panic: boom); waiting for a change\n"},
		{"exit", []reloader.Event{{Kind: reloader.Crashed, ExitStatus: "exit status 1"}},
			" * The program exited (exit status 1); waiting for a change\n"},
	}
	for _, tt := range tests {
		var out strings.Builder
		l := &reloadLines{w: &out, root: root}
		for _, ev := range tt.events {
			l.handle(ev)
		}
		if out.String() != tt.want {
			t.Errorf("reloadLines(%s) printed %q, want %q", tt.name, out.String(), tt.want)
		}
	}
}
