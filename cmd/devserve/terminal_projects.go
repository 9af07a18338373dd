package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/devserve/devserve/reloader"
	"github.com/fatih/color"
)

// processColors are the colors of the companion processes' names, in the
// order of their tables.
var processColors = []color.Attribute{
	color.FgCyan, color.FgMagenta, color.FgBlue, color.FgYellow,
	color.FgHiCyan, color.FgHiMagenta, color.FgHiBlue, color.FgHiYellow,
}

// processOutput returns the writer of the i'th companion process's lines:
// each goes to the terminal after the name, in the process's own color.
func (t *terminal) processOutput(name string, i int) io.Writer {
	c := color.New(processColors[i%len(processColors)])
	if t.colored {
		c.EnableColor()
	} else {
		c.DisableColor()
	}
	return linePrefixer{w: t.w, prefix: c.Sprint(name) + " | "}
}

// linePrefixer writes each line it is given after prefix, in one Write.
type linePrefixer struct {
	w      io.Writer
	prefix string
}

func (lp linePrefixer) Write(p []byte) (int, error) {
	if _, err := io.WriteString(lp.w, lp.prefix+string(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// processExited says, in one line, that a companion process exited and
// when it starts again, or that it could not start.
func (t *terminal) processExited(ev reloader.Event) {
	if why, ok := strings.CutPrefix(ev.ExitStatus, "not started: "); ok {
		t.errorf("%s could not start: %s", ev.Name, why)
		return
	}
	if ev.Duration > 0 {
		t.errorf("%s exited (%s); starting it again in %v", ev.Name, ev.ExitStatus, ev.Duration.Round(time.Millisecond))
		return
	}
	t.errorf("%s exited (%s)", ev.Name, ev.ExitStatus)
}

// generated notes the generators' time for the cycle's line; when they
// changed no file, no build follows, and the cycle ends here:
// "● views/home.templ changed → generated in 0.02s → no file changed".
func (t *terminal) generated(ev reloader.Event) {
	t.gen = max(ev.Duration, time.Microsecond)
	t.verbosef("generated in %s: %d files changed", seconds(ev.Duration), len(ev.Changed))
	if len(ev.Changed) > 0 || t.first {
		return
	}
	if !t.quiet {
		fmt.Fprintf(t.w, "%s %s → generated in %s → no file changed\n", t.ok.Sprint("●"), t.cause(), seconds(ev.Duration))
	}
	t.endCycle()
}
