package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteTable(t *testing.T) {
	block := beginMarker + "\n\nmachine\n\ntable\n\n" + endMarker
	tests := []struct {
		name, old, want string
	}{
		{"new file", "", "# Benchmarks\n\n" + block + "\n"},
		{"between the markers", "intro\n" + beginMarker + "\nold table\n" + endMarker + "\nreading\n", "intro\n" + block + "\nreading\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "BENCHMARKS.md")
			if tt.old != "" {
				if err := os.WriteFile(name, []byte(tt.old), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := writeTable(name, "machine\n", "table\n"); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("writeTable(%q) = %q, want %q", tt.old, got, tt.want)
			}
		})
	}
}

func TestWriteTableNoMarkers(t *testing.T) {
	name := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	if err := os.WriteFile(name, []byte("a reading, no table\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeTable(name, "machine\n", "table\n"); err == nil {
		t.Error("writeTable into a file without markers = nil, want an error")
	}
	if got, _ := os.ReadFile(name); string(got) != "a reading, no table\n" {
		t.Errorf("writeTable changed a file without markers to %q", got)
	}
}

func TestFailedCounts(t *testing.T) {
	sections := []section{{name: "s", rows: []row{
		{figure: "timing", met: missed},
		{figure: "count held", met: met, strict: true},
		{figure: "count broken", met: missed, strict: true},
		{figure: "context"},
	}}}
	got := strings.Join(failedCounts(sections), "; ")
	if want := "s: count broken"; got != want {
		t.Errorf("failedCounts = %q, want %q", got, want)
	}
}

func TestMarkdown(t *testing.T) {
	got := markdown([]section{{name: "proxy", about: "hello", rows: []row{{figure: "ratio", value: "0.41×", target: "≥ 0.50×", met: missed}}}})
	want := "| figure | value | target | |\n|---|---:|---|---|\n| **proxy** — hello | | | |\n| ratio | 0.41× | ≥ 0.50× | MISSED |\n"
	if got != want {
		t.Errorf("markdown = %q, want %q", got, want)
	}
}

func TestWatchedFiles(t *testing.T) {
	tests := []struct {
		line string
		want int
		ok   bool
	}{
		{"watching 100003 files (fsnotify)", 100003, true},
		{"watching 7 files (poll)", 7, true},
		{"watching", 0, false},
		{"watching many files (poll)", 0, false},
	}
	for _, tt := range tests {
		got, err := watchedFiles(tt.line)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("watchedFiles(%q) = %d, %v; want %d, ok %v", tt.line, got, err, tt.want, tt.ok)
		}
	}
}
