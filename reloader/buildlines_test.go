package reloader

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLineTee(t *testing.T) {
	tests := []struct {
		writes []string
		want   []string
	}{
		{[]string{"a\nb\n"}, []string{"a", "b"}},
		{[]string{"a", "b\nc", "\n"}, []string{"ab", "c"}},
		{[]string{"crlf\r\n", "\n"}, []string{"crlf", ""}},
		{[]string{"no end"}, []string{"no end"}},
		{nil, nil},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		var got []string
		lt := &lineTee{w: &out, onLine: func(l string) { got = append(got, l) }}
		for _, w := range tt.writes {
			lt.Write([]byte(w))
		}
		lt.flush()
		if !slices.Equal(got, tt.want) || out.String() != strings.Join(tt.writes, "") {
			t.Errorf("lines of %q = %q (copy %q), want %q (copy whole)", tt.writes, got, out.String(), tt.want)
		}
	}
}

// TestEngineBuildOutput checks that the lines of a build come as
// BuildOutput events between its Building and its outcome, and that a
// stop reports how long it took and how the app ended.
func TestEngineBuildOutput(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	er := startEngine(t, &Engine{Dir: dir})
	er.next(Ready)
	msg := filepath.Join(dir, "msg", "msg.go")
	writeFile(t, msg, "package msg\n\nfunc Text() string { return undefinedName }\n")
	er.next(Building)
	var lines []string
	var failed Event
	timeout := time.After(60 * time.Second)
	for failed.Kind != BuildFailed {
		var ev Event
		select {
		case ev = <-er.events:
		case <-timeout:
			t.Fatalf("no BuildFailed within 60s; lines so far: %q", lines)
		}
		switch ev.Kind {
		case BuildOutput:
			lines = append(lines, ev.Line)
		case Stopped:
			if ev.Duration <= 0 || ev.ExitStatus == "" {
				t.Errorf("Stopped = duration %v, exit status %q; want both", ev.Duration, ev.ExitStatus)
			}
		case BuildFailed:
			failed = ev
		}
	}
	if got, want := strings.Join(lines, "\n"), strings.TrimSpace(failed.Err.Output); got != want {
		t.Errorf("BuildOutput lines before BuildFailed:\n%s\nwant the build's output:\n%s", got, want)
	}
}
