package debugpage

import (
	"strconv"
	"strings"
)

// The lines of a Go traceback are read by hand rather than by regular
// expressions: a panic's page parses every goroutine's, and compiling the
// expressions cost the first page of a process a millisecond or more.
// lines_test.go holds each function to the expression it replaces.

// goroutineHeader parses "goroutine 7 [chan receive, 2 minutes]:" and the
// fatal-error form "goroutine 1 gp=0xc0... m=0 mp=0x... [running]:".
func goroutineHeader(l string) (id int, title, state string, ok bool) {
	rest, ok := strings.CutPrefix(l, "goroutine ")
	n := digits(rest)
	if !ok || n == 0 {
		return 0, "", "", false
	}
	num, rest := rest[:n], rest[n:]
	rest, ok = strings.CutSuffix(rest, "]:")
	i := strings.IndexByte(rest, '[') // what comes before has none
	if !ok || i < 1 || rest[i-1] != ' ' || rest[:i-1] != "" && rest[0] != ' ' {
		return 0, "", "", false
	}
	state = rest[i+1:]
	if strings.Contains(state, "]") {
		return 0, "", "", false
	}
	id, _ = strconv.Atoi(num)
	return id, "goroutine " + num + " [" + state + "]", state, true
}

// fileLine parses "\t/path/to/file.go:12 +0x1d", the offset and anything
// after a space (the fp=/sp=/pc= of GOTRACEBACK=system) optional. The
// file is the shortest that leaves a valid line number.
func fileLine(l string) (file string, line int, ok bool) {
	rest, ok := strings.CutPrefix(l, "\t")
	if !ok || strings.Contains(rest, "\n") { // no part of the line spans lines
		return "", 0, false
	}
	for i := 1; i < len(rest); i++ {
		if rest[i] != ':' {
			continue
		}
		n := digits(rest[i+1:])
		if after := rest[i+1+n:]; n > 0 && (after == "" || after[0] == ' ') {
			line, _ = strconv.Atoi(rest[i+1 : i+1+n])
			return rest[:i], line, true
		}
	}
	return "", 0, false
}

// createdBy parses "created by main.main in goroutine 1" and the older
// "created by main.main".
func createdBy(l string) (function string, in int, ok bool) {
	rest, ok := strings.CutPrefix(l, "created by ")
	if !ok || rest == "" {
		return "", 0, false
	}
	i := strings.IndexAny(rest, "\t\n\f\r ")
	if i < 0 {
		return rest, 0, true
	}
	num, ok := strings.CutPrefix(rest[i:], " in goroutine ")
	if i == 0 || !ok || num == "" || digits(num) != len(num) {
		return "", 0, false
	}
	in, _ = strconv.Atoi(num)
	return rest[:i], in, true
}

// isElided reports whether l is "...additional frames elided..." or the
// newer "...87181 frames elided...".
func isElided(l string) bool {
	mid, ok := strings.CutPrefix(l, "...")
	if !ok {
		return false
	}
	mid, ok = strings.CutSuffix(mid, " frames elided...")
	return ok && (mid == "additional" || mid != "" && digits(mid) == len(mid))
}

// digits returns the length of the run of ASCII digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}
