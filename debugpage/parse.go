package debugpage

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// servingPanic matches net/http's log line for a recovered panic, after
// any log prefix. It is compiled on first use (not when a program that
// imports this package starts).
var servingPanic = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`http: panic serving (\S+): (.*)$`)
})

// ParseCrash parses the output of a Go process (the tail of its stderr)
// that died of an unrecovered panic or a fatal error into a KindCrash
// Report: the panic or fatal error as Title and Message, the failing
// goroutine as the first Section, then the others, identical ones merged.
//
// It also parses the block net/http logs for a panic it recovered
// ("http: panic serving ADDR: VALUE" and the goroutine's stack), as a
// KindPanic Report titled "panic: VALUE".
//
// ParseCrash returns nil if output holds no traceback.
func ParseCrash(output []byte) *Report {
	lines := splitLines(output)
	start, rep := findHeader(lines)
	if rep == nil {
		return nil
	}
	rest := lines[start:]
	msg, rest := messageLines(rest)
	if len(msg) > 0 {
		rep.Message = joinMessage(rep.Message, msg)
	}
	sections := parseSections(rest)
	if len(sections) == 0 {
		return nil
	}
	if rep.Kind == KindPanic {
		// net/http's stack starts in its deferred recover; a crash's
		// starts at the panicking frame already.
		finishPanic(rep, sections)
		return rep
	}
	markFailing(sections)
	classifyAll(newClassifier(sections, nil), sections)
	rep.Sections = mergeSections(sections)
	return rep
}

// findHeader finds the first line that starts a traceback and returns the
// index after it and a Report with Kind, Title and Message from it.
func findHeader(lines []string) (int, *Report) {
	for i, l := range lines {
		if m := servingPanic().FindStringSubmatch(l); m != nil {
			return i + 1, &Report{Kind: KindPanic, Title: "panic: " + m[2], Message: m[2]}
		}
		if rep := crashHeader(lines, i); rep != nil {
			return nextAfterHeader(lines, i), rep
		}
	}
	return 0, nil
}

// crashHeader returns a Report if lines[i] starts a crash: "panic: ",
// "fatal error: ", or the "runtime: " lines that precede a fatal error.
func crashHeader(lines []string, i int) *Report {
	l := lines[i]
	switch {
	case strings.HasPrefix(l, "panic: "):
		v := lastPanic(lines, i)
		return &Report{Kind: KindCrash, Title: "panic: " + v, Message: v}
	case strings.HasPrefix(l, "fatal error: "):
		v := strings.TrimPrefix(l, "fatal error: ")
		return &Report{Kind: KindCrash, Title: l, Message: v}
	case strings.HasPrefix(l, "runtime: ") && !strings.HasPrefix(l, "runtime: note:"):
		for j := i + 1; j < len(lines) && j < i+8; j++ {
			if strings.HasPrefix(lines[j], "fatal error: ") {
				v := strings.TrimPrefix(lines[j], "fatal error: ")
				return &Report{Kind: KindCrash, Title: lines[j], Message: v + "\n" + strings.TrimPrefix(l, "runtime: ")}
			}
		}
	}
	return nil
}

// nextAfterHeader skips a header's continuation: the nested "\tpanic: "
// lines of a panic during a panic, and the runtime: lines before a fatal
// error.
func nextAfterHeader(lines []string, i int) int {
	i++
	for i < len(lines) {
		l := lines[i]
		if strings.HasPrefix(l, "\tpanic: ") || strings.HasPrefix(l, "runtime: ") ||
			strings.HasPrefix(l, "fatal error: ") || strings.HasPrefix(l, "\t[recovered") {
			i++
			continue
		}
		break
	}
	return i
}

// lastPanic returns the value of the last panic of a chain that starts at
// lines[i] ("panic: a [recovered]\n\tpanic: b"), without the markers.
func lastPanic(lines []string, i int) string {
	v := strings.TrimPrefix(lines[i], "panic: ")
	for j := i + 1; j < len(lines) && strings.HasPrefix(lines[j], "\tpanic: "); j++ {
		v = strings.TrimPrefix(lines[j], "\tpanic: ")
	}
	if k := strings.LastIndex(v, " [recovered"); k >= 0 && strings.HasSuffix(v, "]") {
		v = v[:k]
	}
	return v
}

// messageLines returns the lines that continue a panic's message (a value
// spanning lines, or "[signal SIGSEGV ...]") up to the first goroutine.
func messageLines(lines []string) (msg, rest []string) {
	for i, l := range lines {
		if _, _, _, header := goroutineHeader(l); header || l == "" || l == "runtime stack:" {
			return msg, lines[i:]
		}
		msg = append(msg, strings.TrimPrefix(l, "\t"))
	}
	return msg, nil
}

func joinMessage(m string, more []string) string {
	return m + "\n" + strings.Join(more, "\n")
}

// parseSections parses goroutine blocks (and the "runtime stack:" of a
// fatal error) until the output ends or stops looking like a traceback.
func parseSections(lines []string) []Section {
	var out []Section
	var cur *Section
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		id, title, state, header := goroutineHeader(l)
		switch {
		case l == "":
			cur = nil
		case l == "runtime stack:":
			out = append(out, Section{Title: "runtime stack", Count: 1})
			cur = &out[len(out)-1]
		case header:
			out = append(out, Section{Title: title, Goroutine: id, State: state, Count: 1})
			cur = &out[len(out)-1]
		case cur == nil:
			continue
		case isElided(l):
			cur.Elided = true
		default:
			i += parseFrame(cur, lines[i:])
		}
	}
	return out
}

// parseFrame parses the frame (function line and file line) at the start
// of lines into s and returns how many lines beyond the first it used.
func parseFrame(s *Section, lines []string) int {
	if len(lines) < 2 {
		return 0
	}
	file, line, ok := fileLine(lines[1])
	if !ok {
		return 0
	}
	f := Frame{File: file, Line: line}
	if fn, in, ok := createdBy(lines[0]); ok {
		f.Function = fn
		s.CreatedBy = &f
		s.CreatedIn = in
		return 1
	}
	f.Function = functionName(lines[0])
	s.Frames = append(s.Frames, f)
	return 1
}

// functionName strips the argument list from a traceback's function line:
// "main.(*T).M(0xc000012345, {0x1, 0x2})" → "main.(*T).M".
func functionName(l string) string {
	if !strings.HasSuffix(l, ")") {
		return l
	}
	if i := strings.LastIndexByte(l, '('); i > 0 {
		return l[:i]
	}
	return l
}

// markFailing moves the failing goroutine (the first one running) to the
// front and marks it; if none is running the first goroutine fails.
func markFailing(sections []Section) {
	idx := 0
	for i, s := range sections {
		if s.Goroutine != 0 && strings.HasPrefix(s.State, "running") {
			idx = i
			break
		}
	}
	if sections[idx].Goroutine == 0 {
		for i, s := range sections {
			if s.Goroutine != 0 {
				idx = i
				break
			}
		}
	}
	f := sections[idx]
	copy(sections[1:idx+1], sections[:idx])
	sections[0] = f
	sections[0].Failing = true
}

// trimPanic drops the frames above the panicking one: the deferred
// function that recovered, the runtime's panic machinery above the first
// panic (the one that ran that function), and what the runtime called on
// the way (runtime.sigpanic, runtime.panicIndex, ...). Frames are returned
// unchanged if they hold no panic.
func trimPanic(frames []Frame) []Frame {
	first := slices.IndexFunc(frames, func(f Frame) bool {
		return f.Function == "panic" || f.Function == "runtime.gopanic"
	})
	if first < 0 {
		return frames
	}
	j := first + 1
	for j < len(frames)-1 && packageOf(frames[j].Function) == "runtime" {
		j++
	}
	return frames[j:]
}

// classifyAll classifies every frame of sections.
func classifyAll(c *classifier, sections []Section) {
	for i := range sections {
		s := &sections[i]
		for j := range s.Frames {
			c.classify(&s.Frames[j])
		}
		if s.CreatedBy != nil {
			c.classify(s.CreatedBy)
		}
	}
}

// mergeSections merges goroutines with identical stacks and states
// (durations ignored) into one section with a Count. The failing goroutine
// is never merged. Order is kept: each group sits where its first member
// was.
func mergeSections(sections []Section) []Section {
	out := make([]Section, 0, len(sections))
	index := make(map[string]int)
	for _, s := range sections {
		if s.Failing || s.Goroutine == 0 {
			out = append(out, s)
			continue
		}
		k := stackKey(&s)
		if i, ok := index[k]; ok {
			out[i].Count++
			out[i].Title = mergedTitle(&out[i])
			continue
		}
		index[k] = len(out)
		out = append(out, s)
	}
	return out
}

// mergedTitle titles a merged group by its state alone.
func mergedTitle(s *Section) string {
	return "goroutines [" + baseState(s.State) + "]"
}

// stackKey identifies a stack for merging.
func stackKey(s *Section) string {
	var b strings.Builder
	b.WriteString(baseState(s.State))
	for _, f := range s.Frames {
		b.WriteString("\n" + f.Function + " " + f.File + ":" + strconv.Itoa(f.Line))
	}
	if c := s.CreatedBy; c != nil {
		b.WriteString("\ncreated by " + c.Function + " " + c.File + ":" + strconv.Itoa(c.Line))
	}
	if s.Elided {
		b.WriteString("\n...")
	}
	return b.String()
}

// baseState drops the duration and other qualifiers from a goroutine
// state: "chan receive, 2 minutes" → "chan receive".
func baseState(s string) string {
	if i := strings.IndexByte(s, ','); i >= 0 {
		return s[:i]
	}
	return s
}

// splitLines splits output into lines without line endings; "\r\n" is
// accepted. The lines share one copy of output.
func splitLines(output []byte) []string {
	text := string(output)
	lines := make([]string, 0, strings.Count(text, "\n")+1)
	for line := range strings.Lines(text) {
		line = strings.TrimSuffix(line, "\n")
		lines = append(lines, strings.TrimSuffix(line, "\r"))
	}
	return lines
}
