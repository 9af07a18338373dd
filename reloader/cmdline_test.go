package reloader

import (
	"slices"
	"testing"
)

func TestSplitCommand(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"templ generate", []string{"templ", "generate"}},
		{"  go   generate\t./... ", []string{"go", "generate", "./..."}},
		{`sh -c 'echo "a b" | tr a-z A-Z'`, []string{"sh", "-c", `echo "a b" | tr a-z A-Z`}},
		{`tool "two words" x"y z"w`, []string{"tool", "two words", "xy zw"}},
		{`C:\tools\gen.exe -o C:\out`, []string{`C:\tools\gen.exe`, "-o", `C:\out`}},
		{`gen ''`, []string{"gen", ""}},
	}
	for _, tt := range tests {
		got, err := splitCommand(tt.line)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("splitCommand(%q) = %q, %v, want %q", tt.line, got, err, tt.want)
		}
	}
	for _, line := range []string{"", "   ", `gen "open`, "gen 'open"} {
		if got, err := splitCommand(line); err == nil {
			t.Errorf("splitCommand(%q) = %q, want an error", line, got)
		}
	}
}
