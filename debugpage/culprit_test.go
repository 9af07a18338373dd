package debugpage

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/devserve/devserve/templates"
)

func TestFindCulprit(t *testing.T) {
	nilPtr := func(name, typ string) Var { return Var{Name: name, Type: typ, Kind: "ptr", Nil: true} }
	ptrTo := func(name, typ string, fields ...Var) Var {
		return Var{Name: name, Type: typ, Kind: "ptr", Children: []Var{{Type: typ[1:], Kind: "struct", Children: fields}}}
	}
	num := Var{Name: "total", Type: "int", Kind: "int", Value: "60"}
	tests := []struct {
		title, line string
		vars        []Var
		want        string // "" for none
	}{
		{"nil pointer dereference", "total -= total * d.percent / 100", []Var{num, nilPtr("d", "*main.discount")}, "d is nil (*main.discount)"},
		{"nil pointer dereference", "name := c.owner.name", []Var{ptrTo("c", "*main.cart", nilPtr("owner", "*main.user"))}, "c.owner is nil (*main.user)"},
		{"nil pointer dereference", "x := *p + total", []Var{num, nilPtr("p", "*int")}, "p is nil (*int)"},
		{"nil pointer dereference", "s.Close()", []Var{{Name: "s", Type: "io.Closer", Kind: "interface", Nil: true}}, "s is nil (io.Closer)"},
		{"assignment to entry in nil map", `m["k"] = total`, []Var{num, {Name: "m", Type: "map[string]int", Kind: "map", Nil: true}}, "m is nil (map[string]int)"},
		{"nil pointer dereference", "total = c.total", []Var{num, ptrTo("c", "*main.cart")}, ""},
		{"index out of range", "total = d.percent", []Var{nilPtr("d", "*main.discount")}, ""},
	}
	for _, tt := range tests {
		file := filepath.Join(t.TempDir(), "main.go")
		src := "package main\n\nfunc f() {\n\t" + tt.line + "\n}\n"
		if err := os.WriteFile(file, []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
		rep := &Report{Title: "panic: runtime error: " + tt.title, Sections: []Section{{Frames: []Frame{
			{Function: "main.f", File: file, Line: 4, Kind: FrameApp, Locals: tt.vars, inspected: true},
		}}}}
		findCulprit(rep)
		got := ""
		if c := rep.Sections[0].Frames[0].Culprit; c != nil {
			got = c.String()
		}
		if got != tt.want {
			t.Errorf("culprit of %q (%s) = %q, want %q", tt.line, tt.title, got, tt.want)
		}
	}
}

func TestMarkTokens(t *testing.T) {
	tokens := []templates.Token{{Text: "\t"}, {Class: "n", Text: "total"}, {Text: " * "}, {Class: "n", Text: "d"}, {Text: "."}, {Class: "n", Text: "percent"}}
	got := markTokens(tokens, 10, 11) // "d" starts at byte column 10
	for i, tok := range got {
		want := tokens[i].Class
		if i == 3 {
			want = "n nilop"
		}
		if tok.Class != want {
			t.Errorf("markTokens: token %d %q has class %q, want %q", i, tok.Text, tok.Class, want)
		}
	}
	if tokens[3].Class != "n" {
		t.Errorf("markTokens changed the tokens it was given")
	}
}
