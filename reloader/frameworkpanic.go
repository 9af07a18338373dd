package reloader

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/devserve/devserve/debugpage"
)

// This file reads the blocks that the recovery middleware of gin
// (Recovery), chi (middleware.Recoverer) and echo v4 (middleware.Recover)
// log by default, and turns each into the goroutine stack it was made
// from, for debugpage.ParseRecovered.

var (
	// ginStartRE matches the first line of gin's block, after its log
	// prefix: "[Recovery] 2006/01/02 - 15:04:05 panic recovered:".
	ginStartRE = regexp.MustCompile(`\[Recovery\] .* panic recovered:$`)
	// ginFrameRE matches a frame's first line in gin's stack:
	// "/src/app/main.go:12 (0x6a5f24)".
	ginFrameRE = regexp.MustCompile(`^(.+):(\d+) \(0x[0-9a-f]+\)$`)
	// requestLineRE matches the request line of gin's request dump.
	requestLineRE = regexp.MustCompile(`^[A-Z]+ \S+ HTTP/\d`)
	// echoStackRE matches where the panic value ends in echo's message.
	echoStackRE = regexp.MustCompile(` goroutine \d+ \[running\]:\n`)
)

// Prefixes of the framework blocks' first lines.
const (
	chiPrefix  = " panic: "
	echoPrefix = "[PANIC RECOVER] "
)

// frameworkStart returns the framework whose block text starts, and the
// block's first line(s) as kept; "" if none.
func frameworkStart(text string) (framework, first string) {
	switch {
	case strings.HasPrefix(text, chiPrefix):
		return "chi", text
	case ginStartRE.MatchString(text):
		return "gin", text[strings.Index(text, "[Recovery] "):]
	case strings.HasPrefix(text, "{") && strings.Contains(text, `"message":"`+echoPrefix):
		var line struct{ Message string }
		if json.Unmarshal([]byte(text), &line) != nil || !strings.HasPrefix(line.Message, echoPrefix) {
			return "", ""
		}
		return "echo", strings.TrimRight(line.Message, "\n")
	case strings.Contains(text, echoPrefix):
		// The README's line for echo v5 and fiber logs this form as
		// text: the value and the stack on the lines that follow.
		return "recover", text[strings.Index(text, echoPrefix):]
	}
	return "", ""
}

// isGinFrame reports whether text is the first line of a frame of gin's
// stack.
func isGinFrame(text string) bool { return ginFrameRE.MatchString(text) }

// forwardedLine returns the value of a request dump's line that is
// debugpage.ForwardedHeader.
func forwardedLine(text string) (string, bool) {
	return strings.CutPrefix(text, debugpage.ForwardedHeader+": ")
}

// frameworkReport describes the handler panic a framework logged in
// block, or returns nil if its stack cannot be read.
func frameworkReport(framework string, block []byte) *debugpage.Report {
	var value, stack string
	switch framework {
	case "gin":
		value, stack = ginStack(string(block))
	case "chi":
		value, stack = chiStack(string(block))
	case "echo", "recover":
		value, stack = echoStack(string(block))
	}
	return debugpage.ParseRecovered(value, []byte(stack))
}

// ginStack returns the value and the stack of gin's block: its header,
// the request dump in debug mode, the value, then each frame as
// "FILE:LINE (0xPC)" and, when gin read the source, "\tFUNC: SOURCE".
func ginStack(block string) (value, stack string) {
	lines := strings.Split(strings.TrimRight(block, "\n"), "\n")[1:]
	if len(lines) > 0 && requestLineRE.MatchString(lines[0]) {
		for len(lines) > 0 && lines[0] != "" {
			lines = lines[1:]
		}
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	var v []string
	for len(lines) > 0 && !isGinFrame(lines[0]) {
		v, lines = append(v, lines[0]), lines[1:]
	}
	var b strings.Builder
	for i, l := range lines {
		m := ginFrameRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		fn := "???"
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t") {
			fn, _, _ = strings.Cut(lines[i+1][1:], ": ")
		}
		b.WriteString(fn + "()\n\t" + m[1] + ":" + m[2] + "\n")
	}
	return strings.Join(v, "\n"), b.String()
}

// chiStack returns the value and the stack of chi's block, which
// PrintPrettyStack reformats from the goroutine's: " panic: VALUE", then
// each frame's function and file on lines of their own, indented, the
// panicking one marked "->".
func chiStack(block string) (value, stack string) {
	lines := strings.Split(block, "\n")
	value = strings.TrimPrefix(lines[0], chiPrefix)
	var fl []string
	for _, l := range lines[1:] {
		if l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "->")); l != "" {
			fl = append(fl, l)
		}
	}
	var b strings.Builder
	for i := 0; i+1 < len(fl); i += 2 {
		b.WriteString(fl[i] + "\n\t" + fl[i+1] + "\n")
	}
	return value, b.String()
}

// echoStack returns the value and the stack of echo's message:
// "[PANIC RECOVER] VALUE goroutine N [running]:\n..." with every
// goroutine's stack.
func echoStack(msg string) (value, stack string) {
	msg = strings.TrimPrefix(msg, echoPrefix)
	loc := echoStackRE.FindStringIndex(msg)
	if loc == nil {
		return msg, ""
	}
	return msg[:loc[0]], msg[loc[0]+1:]
}
