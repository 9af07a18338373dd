package debugpage_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devserve/devserve/debugpage"
)

// usersSource is the file of TestBuildPageMarksErrors: errors on lines 4
// to 6 and on line 14.
const usersSource = "package web\n\nfunc Users() int {\n\treturn userStore.Count()\n\tvar n int\n\tn = \"x\"\n}\n\n// Admins is far below.\n//\n// It has its own error.\n//\n// Its own snippet.\nfunc Admins() int { return adminStore.Count() }\n"

// TestBuildPageMarksErrors draws a build's errors and checks that the
// errors on nearby lines share one snippet, each marked under its line by
// a caret at its column and its message, that an error further down has
// its own, and that files are named relative to the module with the
// absolute path on hover.
func TestBuildPageMarksErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "web", "users.go")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(usersSource), 0o644); err != nil {
		t.Fatal(err)
	}
	rel := filepath.Join("web", "users.go")
	at := func(line, col int, msg string) debugpage.Frame {
		return debugpage.Frame{File: file, RelFile: rel, Line: line, Column: col, Kind: debugpage.FrameApp, Message: msg}
	}
	rep := &debugpage.Report{Kind: debugpage.KindBuild, Title: "build failed (4 errors)", Sections: []debugpage.Section{{
		Title: "example.com/app/web",
		Frames: []debugpage.Frame{
			at(4, 9, "undefined: userStore"),
			at(5, 6, "declared and not used: n"),
			at(6, 6, `cannot use "x" (untyped string constant) as int value in assignment`),
			at(14, 28, "undefined: adminStore"),
		},
	}}}
	var page strings.Builder
	if err := new(debugpage.Renderer).WriteHTML(&page, rep); err != nil {
		t.Fatal(err)
	}
	root := parseHTML(t, page.String())
	frames := root.all(hasClass("details", "frame"))
	if len(frames) != 2 {
		t.Fatalf("page has %d snippets, want 2", len(frames))
	}

	type mark struct{ line, caret, msg string }
	tests := []struct {
		loc, summary string
		marks        []mark
	}{
		{rel + ":4–6", "3 errors", []mark{
			{"4", "\t       ^", "undefined: userStore"},
			{"5", "\t    ^", "declared and not used: n"},
			{"6", "\t    ^", `cannot use "x" (untyped string constant) as int value in assignment`},
		}},
		{rel + ":14:28", "undefined: adminStore", []mark{
			{"14", strings.Repeat(" ", 27) + "^", ""},
		}},
	}
	for i, tt := range tests {
		f := frames[i]
		loc := f.all(hasClass("span", "loc"))
		if len(loc) != 1 || strings.TrimSpace(loc[0].Text()) != tt.loc || loc[0].attrs["title"] != file {
			t.Errorf("snippet %d location = %q, title %q, want %q, title %q", i, loc[0].Text(), loc[0].attrs["title"], tt.loc, file)
		}
		if sum := f.all(func(n *node) bool { return n.tag == "summary" }); !strings.Contains(sum[0].Text(), tt.summary) {
			t.Errorf("snippet %d summary = %q, want it to say %q", i, sum[0].Text(), tt.summary)
		}
		var got []mark
		rows := f.all(func(n *node) bool { return n.tag == "tr" })
		for j, r := range rows {
			if !hasClass("tr", "mark")(r) {
				continue
			}
			m := mark{}
			for k := j - 1; k >= 0 && m.line == ""; k-- { // the line the mark is under
				if !hasClass("tr", "mark")(rows[k]) {
					m.line = rows[k].all(hasClass("td", "ln"))[0].Text()
				}
			}
			if c := r.all(hasClass("span", "caret")); len(c) == 1 {
				m.caret = c[0].Text()
			}
			if e := r.all(hasClass("span", "mark-msg")); len(e) == 1 {
				m.msg = e[0].Text()
			}
			got = append(got, m)
		}
		if len(got) != len(tt.marks) {
			t.Errorf("snippet %d marks = %q, want %q", i, got, tt.marks)
			continue
		}
		for j := range got {
			if got[j] != tt.marks[j] {
				t.Errorf("snippet %d mark %d = %q, want %q", i, j, got[j], tt.marks[j])
			}
		}
	}
}
