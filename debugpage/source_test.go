package debugpage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSourceNotes checks that missing, changed and shortened files say so
// and show no lines.
func TestSourceNotes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "main.go")
	if err := os.WriteFile(path, []byte("package main\n\nfunc main() {\n\tpanic(1)\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		file  string
		line  int
		built time.Time
		note  string // "" for lines shown
	}{
		{"fine", path, 4, fi.ModTime().Add(time.Second), ""},
		{"unknown build time", path, 4, time.Time{}, ""},
		{"changed after the build", path, 4, fi.ModTime().Add(-time.Second), "the file changed after the program was built"},
		{"shorter than the line", path, 40, time.Time{}, "the file has 5 lines, fewer than line 40"},
		{"missing", filepath.Join(dir, "gone.go"), 4, time.Time{}, "source not available: stat "},
	}
	var rd Renderer
	for _, tt := range tests {
		pb := &pageBuilder{rd: &rd, rep: &Report{Built: tt.built}, context: 5}
		src := pb.source(&Frame{File: tt.file, Line: tt.line}, wholeSource)
		switch {
		case tt.note == "" && (src.Note != "" || !strings.Contains(string(src.HTML), `class="cur"`)):
			t.Errorf("%s: source = note %q, want lines with the current one marked", tt.name, src.Note)
		case tt.note != "" && (!strings.HasPrefix(src.Note, tt.note) || src.HTML != ""):
			t.Errorf("%s: source = note %q and %d bytes of lines, want note %q and none", tt.name, src.Note, len(src.HTML), tt.note)
		}
	}
}

// TestSourceReread checks that a file changed on disk is read again.
func TestSourceReread(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.go")
	var c sourceCache
	for i, body := range []string{"package a\n", "package a\n\n// two\n"} {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := c.get(path)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := f.lineCount(), strings.Count(body, "\n"); got != want {
			t.Errorf("after write %d: lineCount() = %d, want %d", i, got, want)
		}
	}
}

// TestHighlightByExtension checks that each kind of file gets its lexer.
func TestHighlightByExtension(t *testing.T) {
	tests := []struct {
		name, src, token, class string
	}{
		{"main.go", "package main\n\nfunc main() {}\n", "func", "kd"},
		{"page.tmpl", "<p>{{ .Title }}</p>\n", "p", "nt"},
		{"index.html", "<div class=\"x\">hi</div>\n", "div", "nt"},
		{"app.js", "const x = 1;\n", "const", "kr"},
		{"site.css", "body { color: red; }\n", "body", "nt"},
		{"notes.txt", "plain words\n", "plain words", ""},
	}
	for _, tt := range tests {
		found := false
		for _, line := range highlight(tt.name, tt.src) {
			for _, tok := range line {
				if strings.TrimSpace(tok.Text) == tt.token && tok.Class == tt.class {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("highlight(%s) has no token %q with class %q: %v", tt.name, tt.token, tt.class, highlight(tt.name, tt.src))
		}
	}
}
