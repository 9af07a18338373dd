package reloader

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// crashLines is how many of its last lines a crash without a traceback
// shows.
const crashLines = 20

// crashReport describes an app that exited on its own: its goroutine dump
// when it printed one, else its last lines (log.Fatal, os.Exit after a
// message), titled with the last that reports an error. The status is
// the report's ExitStatus alone, never its title too.
func crashReport(output []byte, status string) *debugpage.Report {
	r := parseCrash(output)
	if r == nil {
		last := lastLines(output, crashLines)
		r = &debugpage.Report{Kind: debugpage.KindCrash, Title: exitTitle(last), Output: strings.Join(last, "\n")}
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

// panicReport describes a handler panic the app logged.
func panicReport(p panicBlock) *debugpage.Report {
	block := p.block
	var r *debugpage.Report
	if p.framework == "" {
		r = debugpage.ParseCrash(block)
	} else {
		r = frameworkReport(p.framework, block)
	}
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

// portAsAddress returns advice when output says the app took PORT for an
// address ("listen tcp: address 32897: missing port in address"), where
// addr is the address devserve gave it; else "".
func portAsAddress(output []byte, addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil || !bytes.Contains(output, []byte("address "+port+": missing port in address")) {
		return ""
	}
	return fmt.Sprintf("The app listens on $PORT as if it were an address, but PORT=%s is a port number: "+
		"listen on \":\"+os.Getenv(\"PORT\"), or run devserve with --env PORT=127.0.0.1:%[1]s --app-addr 127.0.0.1:%[1]s.", port)
}
