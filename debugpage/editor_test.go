package debugpage

import (
	"html/template"
	"testing"
)

// TestEditorLink checks link templates, path maps and refused schemes.
func TestEditorLink(t *testing.T) {
	tests := []struct {
		tmpl, pathMap, path string
		line, col           int
		want                template.URL
	}{
		{DefaultEditor, "", "/home/me/app/main.go", 12, 0, "vscode://file/home/me/app/main.go:12:1"},
		{DefaultEditor, "", "/home/me/my app/x\"y.go", 3, 4, "vscode://file/home/me/my%20app/x%22y.go:3:4"},
		{"goland://open?file={path}&line={line}", "", "/src/a.go", 7, 0, "goland://open?file=/src/a.go&line=7"},
		{DefaultEditor, "/app=/home/me/src/app", "/app/cmd/main.go", 5, 2, "vscode://file/home/me/src/app/cmd/main.go:5:2"},
		{DefaultEditor, "/app=/home/me/src/app", "/application/main.go", 5, 2, "vscode://file/application/main.go:5:2"},
		{DefaultEditor, "", "relative/main.go", 1, 1, ""},
		{"javascript:alert({line})", "", "/a.go", 1, 1, ""},
		{"JavaScript:alert(1)//{path}", "", "/a.go", 1, 1, ""},
		{"data:text/html,{path}", "", "/a.go", 1, 1, ""},
		{"no scheme {path}", "", "/a.go", 1, 1, ""},
		{"", "", "/a.go", 1, 1, ""},
		{"x://{{path}}/{column}/{col}/{lin}{line}{", "", "/{line}.go", 2, 3, "x://{/%7Bline%7D.go}/3/3/{lin}2{"},
	}
	for _, tt := range tests {
		if got := newEditor(tt.tmpl, tt.pathMap).link(tt.path, tt.line, tt.col); got != tt.want {
			t.Errorf("newEditor(%q, %q).link(%q, %d, %d) = %q, want %q", tt.tmpl, tt.pathMap, tt.path, tt.line, tt.col, got, tt.want)
		}
	}
}

// TestRendererEditorEnv checks that the environment configures links
// when the Renderer's fields are empty.
func TestRendererEditorEnv(t *testing.T) {
	t.Setenv("DEVSERVE_EDITOR", "subl://open?url=file://{path}&line={line}")
	t.Setenv("DEVSERVE_PATH_MAP", "/app=/Users/me/app")
	var rd Renderer
	want := template.URL("subl://open?url=file:///Users/me/app/main.go&line=9")
	if got := rd.editor().link("/app/main.go", 9, 1); got != want {
		t.Errorf("link with DEVSERVE_EDITOR set = %q, want %q", got, want)
	}
	rd2 := Renderer{Editor: "none"}
	if got := rd2.editor().link("/app/main.go", 9, 1); got != "" {
		t.Errorf("link with Editor none = %q, want none", got)
	}
}
