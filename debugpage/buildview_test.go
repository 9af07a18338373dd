package debugpage

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// TestGroupErrors checks which errors share a snippet, with three lines of
// context: those of one file whose snippets would overlap.
func TestGroupErrors(t *testing.T) {
	tests := []struct {
		errors string // positions, file:line:column, space-separated
		want   string // the groups' positions, groups separated by " | "
	}{
		{"a.go:10:5", "a.go:10:5"},
		{"a.go:10:9 a.go:10:2", "a.go:10:2 a.go:10:9"},
		{"a.go:10:1 a.go:14:1 a.go:16:1", "a.go:10:1 a.go:14:1 a.go:16:1"},
		{"a.go:10:1 a.go:16:1", "a.go:10:1 a.go:16:1"},   // lines 7-13 and 13-19 overlap
		{"a.go:10:1 a.go:17:1", "a.go:10:1 | a.go:17:1"}, // lines 7-13 and 14-20 do not
		{"a.go:10:1 b.go:11:1 a.go:12:1", "a.go:10:1 a.go:12:1 | b.go:11:1"},
		{"a.go:30:1 a.go:10:1 a.go:12:1", "a.go:10:1 a.go:12:1 | a.go:30:1"},
		{":0:0 a.go:1:1 :0:0 a.go:2:1", ":0:0 | a.go:1:1 a.go:2:1 | :0:0"}, // errors without a file stand alone
		{"a.go:0:0 a.go:0:0", "a.go:0:0 | a.go:0:0"},
	}
	for _, tt := range tests {
		var frames []Frame
		for _, p := range strings.Fields(tt.errors) {
			frames = append(frames, frameAt(t, p))
		}
		var groups []string
		for _, g := range groupErrors(frames, 3) {
			var ps []string
			for _, f := range g {
				ps = append(ps, fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column))
			}
			groups = append(groups, strings.Join(ps, " "))
		}
		if got := strings.Join(groups, " | "); got != tt.want {
			t.Errorf("groupErrors(%s) = %s, want %s", tt.errors, got, tt.want)
		}
	}
}

// frameAt returns a frame at a position file:line:column.
func frameAt(t *testing.T, pos string) Frame {
	t.Helper()
	parts := strings.Split(pos, ":")
	line, err1 := strconv.Atoi(parts[1])
	col, err2 := strconv.Atoi(parts[2])
	if len(parts) != 3 || err1 != nil || err2 != nil {
		t.Fatalf("bad position %q", pos)
	}
	return Frame{File: parts[0], Line: line, Column: col, Message: "at " + pos}
}
