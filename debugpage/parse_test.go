package debugpage

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with the golden file at path, or rewrites it with
// -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test -update to accept it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestParseCrashGolden parses real crash outputs of Go programs (in
// testdata/crash, with their paths neutralised) and compares the reports,
// as JSON and as text, with golden files.
func TestParseCrashGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/crash/*.txt")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs in testdata/crash: %v", err)
	}
	for _, in := range inputs {
		if strings.HasSuffix(in, ".out.txt") {
			continue
		}
		name := strings.TrimSuffix(in, ".txt")
		t.Run(filepath.Base(name), func(t *testing.T) {
			b, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			rep := ParseCrash(b)
			if rep == nil {
				t.Fatalf("ParseCrash(%s) = nil, want a report", in)
			}
			var js bytes.Buffer
			enc := json.NewEncoder(&js)
			enc.SetIndent("", "  ")
			if err := enc.Encode(rep); err != nil {
				t.Fatal(err)
			}
			golden(t, name+".json", js.Bytes())
			golden(t, name+".out.txt", []byte(textOf(rep)))
		})
	}
}

// TestParseCrash checks the parts of the report each crash shape is about.
func TestParseCrash(t *testing.T) {
	tests := []struct {
		file      string
		kind      Kind
		title     string
		message   string
		failing   string // Title of the first section
		top       string // function of its first frame
		topKind   FrameKind
		sections  int
		createdBy string
	}{
		{"panic", KindCrash, "panic: runtime error: index out of range [3] with length 0", "runtime error: index out of range [3] with length 0", "goroutine 1 [running]", "main.main", FrameApp, 1, ""},
		{"nil", KindCrash, "panic: runtime error: invalid memory address or nil pointer dereference", "runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x65b4a9]", "goroutine 1 [running]", "main.(*store).get", FrameApp, 1, ""},
		{"repanic", KindCrash, "panic: again: first", "again: first", "goroutine 1 [running]", "main.main.func1", FrameApp, 1, ""},
		{"multiline", KindCrash, "panic: line one", "line one\nline two", "goroutine 1 [running]", "main.main", FrameApp, 1, ""},
		{"goroutine", KindCrash, "panic: in a goroutine", "in a goroutine", "goroutine 24 [running]", "main.main.func3", FrameApp, 3, "main.main"},
		{"mapwrites", KindCrash, "fatal error: concurrent map writes", "concurrent map writes", "goroutine 21 [running]", "internal/runtime/maps.fatal", FrameRuntime, 4, "main.main"},
		{"deadlock", KindCrash, "fatal error: all goroutines are asleep - deadlock!", "all goroutines are asleep - deadlock!", "goroutine 1 [chan receive]", "main.main", FrameApp, 1, ""},
		{"overflow", KindCrash, "fatal error: stack overflow", "stack overflow\ngoroutine stack exceeds 1048576-byte limit", "goroutine 1 [running]", "main.recurse", FrameApp, 0, ""},
		{"http", KindPanic, "panic: runtime error: invalid memory address or nil pointer dereference", "runtime error: invalid memory address or nil pointer dereference", "goroutine 18 [running]", "main.(*store).get", FrameApp, 1, "net/http.(*Server).Serve"},
		{"module", KindCrash, "panic: user 7: sql: no rows in result set", "user 7: sql: no rows in result set", "goroutine 34 [running]", "github.com/jmoiron/sqlx.(*DB).Get", FrameModule, 3, "net/http.(*Server).Serve"},
	}
	for _, tt := range tests {
		b, err := os.ReadFile("testdata/crash/" + tt.file + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		rep := ParseCrash(b)
		if rep == nil {
			t.Errorf("ParseCrash(%s) = nil, want a report", tt.file)
			continue
		}
		s := rep.Sections[0]
		got := []any{rep.Kind, rep.Title, rep.Message, s.Title, s.Failing, s.Frames[0].Function, s.Frames[0].Kind}
		want := []any{tt.kind, tt.title, tt.message, tt.failing, true, tt.top, tt.topKind}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("ParseCrash(%s): field %d = %q, want %q", tt.file, i, got[i], want[i])
			}
		}
		if tt.sections > 0 && len(rep.Sections) != tt.sections {
			t.Errorf("ParseCrash(%s): %d sections, want %d", tt.file, len(rep.Sections), tt.sections)
		}
		if c := s.CreatedBy; (c == nil) != (tt.createdBy == "") || c != nil && c.Function != tt.createdBy {
			t.Errorf("ParseCrash(%s): created by = %+v, want %q", tt.file, c, tt.createdBy)
		}
	}
}

// TestParseCrashMerges checks that identical goroutines become one section
// with a count, and that module frames carry their module and version.
func TestParseCrashMerges(t *testing.T) {
	b, err := os.ReadFile("testdata/crash/goroutine.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep := ParseCrash(b)
	last := rep.Sections[len(rep.Sections)-1]
	if last.Count != 3 || last.Title != "goroutines [sleep]" {
		t.Errorf("ParseCrash(goroutine.txt): last section = %q × %d, want %q × 3", last.Title, last.Count, "goroutines [sleep]")
	}

	b, err = os.ReadFile("testdata/crash/module.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep = ParseCrash(b)
	s := rep.Sections[0]
	if !s.Elided {
		t.Errorf("ParseCrash(module.txt): Elided = false, want true")
	}
	for _, tt := range []struct {
		i       int
		kind    FrameKind
		module  string
		version string
	}{
		{0, FrameModule, "github.com/jmoiron/sqlx", "v1.3.5"},
		{1, FrameApp, "", ""},
		{3, FrameModule, "github.com/BurntSushi/router", "v0.2.0"},
		{4, FrameStdlib, "", ""},
	} {
		f := s.Frames[tt.i]
		if f.Kind != tt.kind || f.Module != tt.module || f.Version != tt.version {
			t.Errorf("ParseCrash(module.txt) frame %d = %s %s@%s, want %s %s@%s", tt.i, f.Kind, f.Module, f.Version, tt.kind, tt.module, tt.version)
		}
	}
	if n := rep.Sections[len(rep.Sections)-1].Count; n != 2 {
		t.Errorf("ParseCrash(module.txt): select goroutines merged into %d, want 2 (durations ignored)", n)
	}
}

// TestParseCrashNone checks that output without a traceback gives nil.
func TestParseCrashNone(t *testing.T) {
	for _, in := range []string{
		"",
		"listening on :8080\n",
		"2026/01/02 15:04:05 open config.toml: no such file or directory\nexit status 1\n",
		"panic: boom\n", // a panic line with no goroutine after it
		"goroutine 1 [running]:\n",
	} {
		if rep := ParseCrash([]byte(in)); rep != nil {
			t.Errorf("ParseCrash(%q) = %+v, want nil", in, rep)
		}
	}
}

// TestCapSections checks the cap on goroutine sections.
func TestCapSections(t *testing.T) {
	in := []Section{{Title: "a", Count: 1}, {Title: "b", Count: 3}, {Title: "c", Count: 2}}
	tests := []struct {
		n    int
		want []string
	}{
		{5, []string{"a", "b", "c"}},
		{3, []string{"a", "b", "c"}},
		{1, []string{"a", "… and 5 more goroutines, not shown"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range capSections(slices.Clone(in), tt.n) {
			got = append(got, s.Title)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("capSections(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
