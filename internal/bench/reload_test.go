package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

func TestPairEdits(t *testing.T) {
	tests := []struct {
		sides, edits int
		want         string // the sides of each edit, in the order they ran
	}{
		{2, 5, "01 01 10 10 01"},
		{3, 6, "012 012 120 120 201 201"},
		{4, 8, "0123 0123 1230 1230 2301 2301 3012 3012"},
	}
	for _, tt := range tests {
		var ran []string
		var sides []side
		for k := range tt.sides {
			sides = append(sides, side{name: string(rune('0' + k)), edit: func(i int, rename bool) (time.Duration, error) {
				if rename != (i%2 == 1) {
					t.Errorf("pairEdits: edit %d: rename = %v", i, rename)
				}
				if i == len(ran) {
					ran = append(ran, "")
				}
				ran[i] += string(rune('0' + k))
				return time.Duration(10*i + k), nil
			}})
		}
		took, err := pairEdits(sides, tt.edits, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(ran, " "); got != tt.want {
			t.Errorf("pairEdits(%d sides, %d edits) ran %q, want %q", tt.sides, tt.edits, got, tt.want)
		}
		for k := range sides {
			for i, d := range took[k] {
				if d != time.Duration(10*i+k) {
					t.Errorf("pairEdits(%d sides, %d edits): took[%d][%d] = %v, want %v", tt.sides, tt.edits, k, i, d, time.Duration(10*i+k))
				}
			}
		}
	}
}

func TestAirLog(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		want   int // notices sent
	}{
		{"one line", []string{"running...\n"}, 1},
		{"split across writes", []string{"runn", "ing...\n"}, 1},
		{"not yet ended", []string{"running..."}, 0},
		{"other lines", []string{"building...\nversion.go has changed\n"}, 0},
		{"two in one write", []string{"running...\nbuilding...\nrunning...\n"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			running := make(chan struct{}, 4)
			var out bytes.Buffer
			l := &airLog{w: &out, running: running}
			for _, w := range tt.writes {
				if n, err := l.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", w, n, err)
				}
			}
			if got := len(running); got != tt.want {
				t.Errorf("airLog after %q sent %d notices, want %d", tt.writes, got, tt.want)
			}
			if got, want := out.String(), strings.Join(tt.writes, ""); got != want {
				t.Errorf("airLog wrote %q, want %q", got, want)
			}
		})
	}
}
