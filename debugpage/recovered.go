package debugpage

import "strings"

// ParseRecovered parses the stack a recovery middleware logged for a
// panic of a handler, recovered with the given value, into a KindPanic
// Report titled "panic: VALUE". The stack is a goroutine dump as
// runtime/debug.Stack prints it: the panicking goroutine first, others
// after it if it holds them. A stack of frames without a goroutine line
// (one a middleware reformatted) is taken for the panicking goroutine's.
// ParseRecovered returns nil if stack holds no frame.
func ParseRecovered(value string, stack []byte) *Report {
	lines := splitLines(stack)
	headless := !startsWithHeader(lines)
	if headless {
		lines = append([]string{"goroutine 0 [running]:"}, lines...)
	}
	sections := parseSections(lines)
	if len(sections) == 0 || len(sections[0].Frames) == 0 {
		return nil
	}
	if headless {
		sections[0].Title = "goroutine [running]"
	}
	rep := &Report{Kind: KindPanic, Title: "panic: " + value, Message: value}
	finishPanic(rep, sections)
	return rep
}

// startsWithHeader reports whether the first line of lines that is not
// blank is a goroutine's.
func startsWithHeader(lines []string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			_, _, _, ok := goroutineHeader(l)
			return ok
		}
	}
	return false
}

// finishPanic sets rep's Sections from those of a recovered panic: the
// failing goroutine first, its frames from the panicking one on,
// classified, identical goroutines merged.
func finishPanic(rep *Report, sections []Section) {
	markFailing(sections)
	c := newClassifier(sections, nil)
	sections[0].Frames = trimPanic(sections[0].Frames)
	classifyAll(c, sections)
	rep.Sections = mergeSections(sections)
}
