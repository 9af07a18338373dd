package reloader

import (
	"bytes"
	"strings"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// crashLines is how many of its last lines a crash without a traceback
// shows.
const crashLines = 20

// crashReport describes an app that exited on its own: its goroutine dump
// when it printed one, else its last lines (log.Fatal, os.Exit after a
// message).
func crashReport(output []byte, status string) *debugpage.Report {
	r := parseCrash(output)
	if r == nil {
		last := lastLines(output, crashLines)
		r = &debugpage.Report{Kind: debugpage.KindCrash, Title: "the app exited: " + status, Time: time.Now()}
		if n := len(last); n > 0 {
			r.Message = last[n-1]
		}
		r.Output = strings.Join(last, "\n")
	} else {
		r.Output = string(output)
	}
	if r.Time.IsZero() {
		r.Time = time.Now()
	}
	r.ExitStatus = status
	return r
}

// parseCrash parses the traceback of a crash in output, skipping the
// handler panics net/http logged before it.
func parseCrash(output []byte) *debugpage.Report {
	marker := []byte("http: panic serving ")
	for {
		r := debugpage.ParseCrash(output)
		if r == nil || r.Kind == debugpage.KindCrash {
			return r
		}
		i := bytes.Index(output, marker)
		if i < 0 {
			return nil
		}
		output = output[i+len(marker):]
	}
}

// panicReport describes a handler panic net/http logged.
func panicReport(block []byte) *debugpage.Report {
	r := debugpage.ParseCrash(block)
	if r == nil {
		first, _, _ := bytes.Cut(block, []byte("\n"))
		r = &debugpage.Report{Title: string(first), Message: string(first)}
	}
	r.Kind = debugpage.KindPanic
	r.Output = string(block)
	if r.Time.IsZero() {
		r.Time = time.Now()
	}
	return r
}

// lastLines returns the last n non-blank lines of output.
func lastLines(output []byte, n int) []string {
	var lines []string
	for _, l := range strings.Split(string(output), "\n") {
		if l = strings.TrimRight(l, "\r"); strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}
