package proxy

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// TestOutputLines writes lines through an Output's writers and pages
// through them with cursors, past the point where the oldest are
// forgotten.
func TestOutputLines(t *testing.T) {
	o := &Output{Max: 5}
	var seen strings.Builder
	out, errw := o.Writer("stdout", &seen), o.Writer("stderr", io.Discard)
	io.WriteString(out, "one\ntw")
	io.WriteString(errw, "err one\r\n")
	io.WriteString(out, "o\nthree\n")
	if seen.String() != "one\ntwo\nthree\n" {
		t.Errorf("passed on %q, want what was written", seen.String())
	}
	tests := []struct {
		after   int64
		n       int
		want    string // "N:stream:text" of the lines
		more    bool
		skipped int64
	}{
		{-1, 2, "3:stdout:two 4:stdout:three", false, 0},
		{-1, 10, "1:stdout:one 2:stderr:err one 3:stdout:two 4:stdout:three", false, 0},
		{0, 2, "1:stdout:one 2:stderr:err one", true, 0},
		{2, 2, "3:stdout:two 4:stdout:three", false, 0},
		{4, 2, "", false, 0},
	}
	for _, tt := range tests {
		lines, more, skipped := o.Lines(tt.after, tt.n)
		if got := lineList(lines); got != tt.want || more != tt.more || skipped != tt.skipped {
			t.Errorf("Lines(%d, %d) = %q, %v, %d; want %q, %v, %d", tt.after, tt.n, got, more, skipped, tt.want, tt.more, tt.skipped)
		}
	}

	for i := 5; i <= 12; i++ {
		fmt.Fprintf(out, "line %d\n", i)
	}
	lines, more, skipped := o.Lines(4, 2)
	if got := lineList(lines); got != "8:stdout:line 8 9:stdout:line 9" || !more || skipped != 3 {
		t.Errorf("after wrapping, Lines(4, 2) = %q, %v, %d; want lines 8-9, more, 3 skipped", got, more, skipped)
	}
	if lines, _, _ := o.Lines(-1, 100); lineList(lines) != "8:stdout:line 8 9:stdout:line 9 10:stdout:line 10 11:stdout:line 11 12:stdout:line 12" {
		t.Errorf("after wrapping, Lines(-1, 100) = %q, want the last 5", lineList(lines))
	}
}

// TestOutputLongLine checks that a line longer than maxLineBytes is
// kept in pieces, none longer than the limit.
func TestOutputLongLine(t *testing.T) {
	var o Output
	w := o.Writer("stdout", io.Discard)
	io.WriteString(w, strings.Repeat("x", 3*maxLineBytes))
	io.WriteString(w, "\n")
	lines, _, _ := o.Lines(-1, 10)
	if len(lines) != 3 {
		t.Fatalf("a line of %d bytes was kept as %d lines, want 3", 3*maxLineBytes, len(lines))
	}
	for _, l := range lines {
		if len(l.Text) > maxLineBytes {
			t.Errorf("line %d has %d bytes, want at most %d", l.N, len(l.Text), maxLineBytes)
		}
	}
}

func lineList(lines []Line) string {
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = fmt.Sprintf("%d:%s:%s", l.N, l.Stream, l.Text)
	}
	return strings.Join(s, " ")
}
