package debugpage

import (
	"fmt"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

const (
	// maxFrames bounds the frames captured for a panic.
	maxFrames = 128
	// maxDump bounds the goroutine dump taken for a panic.
	maxDump = 1 << 20
	// maxGoroutines bounds the goroutine sections of a panic's report
	// (after identical ones are merged).
	maxGoroutines = 100
)

// ownFrames are the middleware's functions, which the page leaves out of
// a panic's stack.
var ownFrames = [...]string{
	selfModule + "/debugpage.(*handler).ServeHTTP",
	selfModule + "/debugpage.(*handler).recover",
	selfModule + "/debugpage.(*handler).recoverParked",
}

// capture is everything the panic page needs that must be collected while
// the panicking goroutine's stack is still there.
type capture struct {
	value any
	pcs   []uintptr
	dump  []byte // runtime.Stack of all goroutines, or nil
}

// newCapture records the stack of the calling goroutine and, if
// goroutines is set, the stacks of all others. It must be called from the
// deferred function that recovered v.
func newCapture(v any, goroutines bool) *capture {
	c := &capture{value: v, pcs: make([]uintptr, maxFrames)}
	c.pcs = c.pcs[:runtime.Callers(2, c.pcs)]
	if goroutines {
		c.dump = stackDump()
	}
	return c
}

// stackDump returns runtime.Stack for all goroutines, capped at maxDump.
func stackDump() []byte {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) || len(buf) >= maxDump {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// report turns a capture into a KindPanic Report of a panic serving req
// (nil if none) in the program bi describes, built at built.
func (c *capture) report(req *Request, bi *debug.BuildInfo, built time.Time) *Report {
	msg := FormatValue(c.value)
	rep := &Report{
		Kind:    KindPanic,
		Title:   "panic: " + firstLine(msg),
		Message: msg,
		Time:    time.Now(),
		Built:   built,
		Request: req,

		GoVersion: goVersion(bi),
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
	}
	if err, ok := c.value.(error); ok {
		rep.Errors = errorChain(err, FormatValue)
		if len(rep.Errors) == 1 && rep.Errors[0].Stack == nil && strings.HasPrefix(rep.Errors[0].Type, "runtime.") {
			rep.Errors = nil // a lone runtime error: the title says it all
		}
	}
	failing := Section{Count: 1, Failing: true, Frames: dropHidden(trimPanic(framesOf(c.pcs)))}
	sections := []Section{failing}
	if dumped := parseSections(splitLines(c.dump)); len(dumped) > 0 {
		// The first goroutine of the dump is the panicking one, whose
		// frames runtime.Callers gave: the dump names it, and the
		// others follow.
		sections[0].Title, sections[0].Goroutine = dumped[0].Title, dumped[0].Goroutine
		sections = append(sections, dumped[1:]...)
	} else {
		sections[0].Title = "goroutine [running]"
	}
	cl := newClassifier(sections, bi)
	classifyAll(cl, sections)
	for i := range rep.Errors {
		if s := rep.Errors[i].Stack; s != nil {
			classifyAll(cl, []Section{*s})
		}
	}
	rep.Sections = capSections(mergeSections(sections), maxGoroutines)
	return rep
}

// goVersion returns the Go version the program was built with.
func goVersion(bi *debug.BuildInfo) string {
	if bi != nil && bi.GoVersion != "" {
		return bi.GoVersion
	}
	return runtime.Version()
}

// capSections keeps the first n sections and, if it dropped any, ends
// with a section that says how many.
func capSections(sections []Section, n int) []Section {
	if len(sections) <= n {
		return sections
	}
	more := 0
	for _, s := range sections[n:] {
		more += max(s.Count, 1)
	}
	return append(sections[:n:n], Section{Title: fmt.Sprintf("… and %d more goroutines, not shown", more)})
}

// dropHidden removes this package's frames (the middleware's recover and
// ServeHTTP) from a stack, and runtime.goexit, which the runtime's own
// tracebacks hide too.
func dropHidden(frames []Frame) []Frame {
	out := frames[:0]
	for _, f := range frames {
		if !slices.Contains(ownFrames[:], f.Function) && f.Function != "runtime.goexit" {
			out = append(out, f)
		}
	}
	return out
}

// firstLine returns s up to its first newline.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// executableTime returns the modification time of the running program's
// executable, or the zero time if it cannot be found.
func executableTime() time.Time {
	exe, err := os.Executable()
	if err != nil {
		return time.Time{}
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return time.Time{}
	}
	return fi.ModTime()
}

// isAbort reports whether v is http.ErrAbortHandler, which must be
// re-panicked for net/http to abort the response silently.
func isAbort(v any) bool {
	return v == any(http.ErrAbortHandler)
}
