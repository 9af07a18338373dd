package debugpage

import (
	"regexp"
	"strconv"
	"testing"
)

// The expressions the line parsers replaced, which they must agree with.
var (
	goroutineHeaderRE = regexp.MustCompile(`^goroutine (\d+)(?: [^\[]*)? \[([^\]]*)\]:$`)
	fileLineRE        = regexp.MustCompile(`^\t(.+?):(\d+)(?: \+0x[0-9a-f]+)?(?: .*)?$`)
	createdByRE       = regexp.MustCompile(`^created by (\S+?)(?: in goroutine (\d+))?$`)
	elidedLineRE      = regexp.MustCompile(`^\.\.\.(?:additional|\d+) frames elided\.\.\.$`)
)

// checkLine fails t if a line parser disagrees with its expression on l.
func checkLine(t *testing.T, l string) {
	t.Helper()
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	{
		id, title, state, ok := goroutineHeader(l)
		m := goroutineHeaderRE.FindStringSubmatch(l)
		if ok != (m != nil) || ok && (id != atoi(m[1]) || state != m[2] || title != "goroutine "+m[1]+" ["+m[2]+"]") {
			t.Errorf("goroutineHeader(%q) = %d, %q, %q, %v; the expression matched %q", l, id, title, state, ok, m)
		}
	}
	{
		file, line, ok := fileLine(l)
		m := fileLineRE.FindStringSubmatch(l)
		if ok != (m != nil) || ok && (file != m[1] || line != atoi(m[2])) {
			t.Errorf("fileLine(%q) = %q, %d, %v; the expression matched %q", l, file, line, ok, m)
		}
	}
	{
		fn, in, ok := createdBy(l)
		m := createdByRE.FindStringSubmatch(l)
		if ok != (m != nil) || ok && (fn != m[1] || in != atoi(m[2])) {
			t.Errorf("createdBy(%q) = %q, %d, %v; the expression matched %q", l, fn, in, ok, m)
		}
	}
	if got, want := isElided(l), elidedLineRE.MatchString(l); got != want {
		t.Errorf("isElided(%q) = %v, want %v", l, got, want)
	}
}

var tracebackLines = []string{
	"goroutine 7 [chan receive, 2 minutes]:",
	"goroutine 1 gp=0xc000002380 m=0 mp=0x5f8b20 [running]:",
	"goroutine 1  [x]:",
	"goroutine 1 [a[b]:",
	"goroutine 1 [a]b]:",
	"goroutine 1 x[y] [z]:",
	"goroutine 1x [z]:",
	"goroutine  [z]:",
	"goroutine 99999999999999999999 [running]:",
	"goroutine 1 []:",
	"goroutine 1 [running]",
	"\t/path/to/file.go:12 +0x1d",
	"\t/path/to/file.go:12",
	"\t/path/to/file.go:12 +0x1d fp=0xc sp=0xc pc=0x4",
	"\tC:/go/src/a.go:12 +0x1d",
	"\tC:12:34x:56 y",
	"\t:12",
	"\ta:12x",
	"\ta:12\t",
	"\ta:b:12 c",
	"\t\u00e9:1",
	"\t\xff:1",
	"\t\n:0",
	"\ta:1 \n",
	"created by main.main in goroutine 1",
	"created by main.main",
	"created by main.main in goroutine ",
	"created by main.main  in goroutine 1",
	"created by main.main\tin goroutine 1",
	"created by ",
	"created by  x",
	"created by net/http.(*Server).Serve in goroutine 1 x",
	"...additional frames elided...",
	"...87181 frames elided...",
	"... frames elided...",
	"...frames elided...",
	"...additional frames elided",
	"",
}

// TestLineParsers checks the parsers on traceback lines and near misses.
func TestLineParsers(t *testing.T) {
	for _, l := range tracebackLines {
		checkLine(t, l)
	}
}

// FuzzLineParsers holds the parsers to their expressions on any line.
func FuzzLineParsers(f *testing.F) {
	for _, l := range tracebackLines {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, l string) { checkLine(t, l) })
}
