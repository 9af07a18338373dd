package reloader

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func TestRestartDelay(t *testing.T) {
	const s = time.Second
	tests := []struct {
		prev, ran, want time.Duration
	}{
		{0, 0, 1 * s},           // the first exit
		{1 * s, 0, 2 * s},       // fails again at once: doubles
		{8 * s, 3 * s, 16 * s},  // and again
		{16 * s, 0, 30 * s},     // up to the most
		{30 * s, 0, 30 * s},     // and stays there
		{30 * s, 30 * s, 1 * s}, // ran long enough: from the start
		{4 * s, 5 * time.Minute, 1 * s},
	}
	for _, tt := range tests {
		if got := restartDelay(tt.prev, tt.ran); got != tt.want {
			t.Errorf("restartDelay(%v, %v) = %v, want %v", tt.prev, tt.ran, got, tt.want)
		}
	}
}

// lineRecorder keeps each Write as one line.
type lineRecorder struct{ lines []string }

func (lr *lineRecorder) Write(p []byte) (int, error) {
	lr.lines = append(lr.lines, string(p))
	return len(p), nil
}

func TestCopyLines(t *testing.T) {
	long := strings.Repeat("x", maxLine+10)
	tests := []struct {
		in   string
		want []string
	}{
		{"a\nb\n", []string{"a\n", "b\n"}},
		{"a\nlast", []string{"a\n", "last\n"}},
		{"\n\n", []string{"\n", "\n"}},
		{long + "\n", []string{long[:maxLine] + "\n", long[maxLine:] + "\n"}},
		{"", nil},
	}
	for _, tt := range tests {
		var lr lineRecorder
		copyLines(&lr, iotest.OneByteReader(strings.NewReader(tt.in)))
		if !slices.Equal(lr.lines, tt.want) {
			t.Errorf("copyLines(%.20q) wrote %.40q, want %.40q", tt.in, lr.lines, tt.want)
		}
	}
}

func TestPrefixWriter(t *testing.T) {
	var b bytes.Buffer
	pw := prefixWriter{w: &b, prefix: []byte("css | ")}
	pw.Write([]byte("one\n"))
	pw.Write([]byte("two\n"))
	if got, want := b.String(), "css | one\ncss | two\n"; got != want {
		t.Errorf("prefixWriter wrote %q, want %q", got, want)
	}
}
