package debugpage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
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
		f, err := c.get(path, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := f.lineCount(), strings.Count(body, "\n"); got != want {
			t.Errorf("after write %d: lineCount() = %d, want %d", i, got, want)
		}
	}
}

// TestSourcePartial checks that a file is read only through the lines
// asked for, and again, whole, when later asked for more.
func TestSourcePartial(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.go")
	body := "package a\n\n// 3\n// 4\n// 5\n// 6 has no newline"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	var c sourceCache
	for _, tt := range []struct {
		upTo, lines int
		partial     bool
	}{
		{2, 2, true},
		{1, 2, true},  // the lines read before serve
		{4, 6, false}, // more: the whole file
		{3, 6, false},
		{0, 6, false},
	} {
		f, err := c.get(path, tt.upTo)
		if err != nil {
			t.Fatal(err)
		}
		if f.lineCount() != tt.lines || f.partial != tt.partial {
			t.Errorf("get(%d) = %d lines, partial %v; want %d, %v", tt.upTo, f.lineCount(), f.partial, tt.lines, tt.partial)
		}
	}
	for _, upTo := range []int{1, 5, 6, 7, 100} {
		src, whole, err := readLines(path, upTo, int64(len(body)))
		if err != nil {
			t.Fatal(err)
		}
		want := strings.SplitAfterN(body, "\n", upTo+1)
		if upTo < len(want) {
			want = want[:upTo]
		}
		if got := string(src); got != strings.Join(want, "") || whole != (upTo > 5) {
			t.Errorf("readLines(%d) = %q, whole %v; want %q, whole %v", upTo, got, whole, strings.Join(want, ""), upTo > 5)
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
		{"app.js", "const x = 1;\n", "const", "kd"},
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

// TestGoTokens checks the classes of Go tokens.
func TestGoTokens(t *testing.T) {
	src := "package p\n\nimport \"fmt\"\n\n// F says hi.\nfunc F(n int) error {\n\tx := len(\"hi\") + 42 + 1.5\n\tif x > n { return nil }\n\treturn fmt.Errorf(`bad %c`, 'x') /* done */\n}\n"
	want := map[string]string{
		"package": "kn", "import": "kn", `"fmt"`: "s", "// F says hi.": "c1", "func": "kd", "F": "nf",
		"int": "kt", "error": "kt", "len": "nb", `"hi"`: "s", "42": "mi", "1.5": "mf", "if": "k",
		"return": "k", "nil": "kc", "Errorf": "nf", "`bad %c`": "s", "'x'": "sc", "/* done */": "cm",
		":=": "o", "+": "o", ">": "o", "{": "p", "x": "n",
	}
	got := make(map[string]string)
	for _, line := range highlight("p.go", src) {
		for _, tok := range line {
			got[strings.TrimSpace(tok.Text)] = tok.Class
		}
	}
	for text, class := range want {
		if got[text] != class {
			t.Errorf("highlight(Go) class of %q = %q, want %q", text, got[text], class)
		}
	}
}

// FuzzHighlight checks that highlighting loses and adds no text, for
// every kind of file.
func FuzzHighlight(f *testing.F) {
	f.Add("package p\n\nfunc f() { return }\n")
	f.Add("x := `raw\nstring` + \"s\" /* c\nc */\n")
	f.Add("<p class=\"a\">{{ .X | printf \"%q\" }}</p>\n")
	f.Add("body { color: #fff; } /* c */\n")
	f.Add("const f = (a) => a * 2; // c\n")
	f.Fuzz(func(t *testing.T, src string) {
		for _, name := range []string{"a.go", "a.tmpl", "a.js", "a.css", "a.txt"} {
			var b strings.Builder
			for i, line := range highlight(name, src) {
				if i > 0 {
					b.WriteString("\n")
				}
				for _, tok := range line {
					b.WriteString(tok.Text)
				}
			}
			// Invalid UTF-8 may come back replaced; it must not panic.
			if want := strings.TrimSuffix(src, "\n"); utf8.ValidString(src) && b.String() != want {
				t.Fatalf("highlight(%s, %q) gives back %q", name, src, b.String())
			}
		}
	})
}
