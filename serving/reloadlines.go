package serving

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/devserve/devserve/reloader"
)

// maxReloadErrors is how many build errors the reloader prints.
const maxReloadErrors = 10

// reloadLines prints the reloader's lines in Werkzeug's words:
//
//   - Restarting with fsnotify
//   - Detected change in 'lib/version.go', reloading
//
// Its methods are called from the engine's goroutine only.
type reloadLines struct {
	w    io.Writer
	root string // the main module's root: file names are shown relative to it
	mode string // how files are watched: "fsnotify" or "stat"
}

// handle prints what ev means to a developer, if anything.
func (l *reloadLines) handle(ev reloader.Event) {
	switch ev.Kind {
	case reloader.Watching:
		l.watching(ev)
	case reloader.Building:
		l.changed(ev.Changed)
	case reloader.BuildFailed:
		l.buildFailed(ev.Err)
	case reloader.Started:
		l.printf(" * Restarting with %s", l.mode)
	case reloader.NotListening:
		l.printf(" * The program is not listening on %s", ev.Addr)
	case reloader.Crashed:
		l.crashed(ev)
	}
}

// watching notes the watch mode, and says why when polling stands in for
// notifications.
func (l *reloadLines) watching(ev reloader.Event) {
	mode := ev.Mode
	if mode == "poll" {
		mode = "stat" // Werkzeug's name for it
	}
	if ev.Reason != "" && mode != l.mode {
		l.printf(" * Watching with stat: %s", ev.Reason)
	}
	l.mode = mode
}

// changed prints a line for each changed file, up to three.
func (l *reloadLines) changed(files []string) {
	for i, f := range files {
		if i == 3 {
			l.printf(" * ... and %d more changes", len(files)-i)
			return
		}
		l.printf(" * Detected change in '%s', reloading", f)
	}
}

// buildFailed prints the compiler's errors, the rebuilt program not
// having started.
func (l *reloadLines) buildFailed(err *reloader.BuildError) {
	if err == nil || len(err.Errors) == 0 {
		out := ""
		if err != nil {
			out = "\n" + strings.TrimSpace(err.Output)
		}
		l.printf(" * Build failed, the error page is served until it is fixed%s", out)
		return
	}
	l.printf(" * Build failed (%s), the error page is served until it is fixed", plural(len(err.Errors), "error"))
	for i, ce := range err.Errors {
		if i == maxReloadErrors {
			l.printf("   ... and %d more", len(err.Errors)-i)
			return
		}
		ce.File = l.rel(ce.File)
		l.printf("   %s", ce)
	}
}

// rel returns name relative to the module root, if it is below it.
func (l *reloadLines) rel(name string) string {
	if r, err := filepath.Rel(l.root, name); err == nil && filepath.IsAbs(name) && filepath.IsLocal(r) {
		return filepath.ToSlash(r)
	}
	return name
}

// crashed reports a program that exited on its own.
func (l *reloadLines) crashed(ev reloader.Event) {
	what := ev.ExitStatus
	if ev.Report != nil && ev.Report.Title != "" {
		what = ev.Report.Title
	}
	l.printf(" * The program exited (%s); waiting for a change", what)
}

// printf prints one line.
func (l *reloadLines) printf(format string, args ...any) {
	fmt.Fprintf(l.w, format+"\n", args...)
}

// plural returns "1 error" or "n errors".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
