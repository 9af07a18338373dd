package templates

import (
	"html/template"
	"strings"
	"testing"
)

// sourceOracle is the source table as an html/template, which RenderSource
// must match byte for byte.
var sourceOracle = template.Must(template.New("source").Parse(`<table class="src chroma"><tbody>
{{- range .Lines}}
<tr{{if .Current}} class="cur"{{else if not .Context}} class="ext"{{end}}><td class="ln">{{.N}}</td><td class="code">{{range .Tokens}}{{if .Class}}<span class="{{.Class}}">{{.Text}}</span>{{else}}{{.Text}}{{end}}{{end}}</td></tr>
{{- end}}
</tbody></table>`))

// oracle draws s with sourceOracle.
func oracle(t *testing.T, s *Source) string {
	t.Helper()
	var b strings.Builder
	if err := sourceOracle.Execute(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestRenderSourceMatchesTemplate checks that RenderSource draws and
// escapes as html/template does.
func TestRenderSourceMatchesTemplate(t *testing.T) {
	odd := "\x00 \" & ' + < > ` = \xff\xfe \u00e9 \U0001F600 \ufdd0 \ufffe \t\r --> <!-- </script> {{.}}"
	for _, s := range []*Source{
		{},
		{Lines: []Line{{N: 1}}},
		{Lines: []Line{
			{N: 9, Context: true, Tokens: []Token{{Class: "k", Text: "func"}, {Text: " "}, {Class: "nf", Text: "main"}}},
			{N: 10, Current: true, Context: true, Tokens: []Token{{Text: odd}, {Class: odd, Text: odd}}},
			{N: 11, Tokens: []Token{{Class: "c1", Text: "// a + b < c && d > 'e'"}}},
			{N: -1, Current: true, Tokens: []Token{{Class: "x\" onclick=\"alert(1)", Text: "</td></tr></table><script>alert(2)</script>"}}},
		}},
	} {
		got, err := RenderSource(s)
		if err != nil {
			t.Fatal(err)
		}
		if want := oracle(t, s); string(got) != want {
			t.Errorf("RenderSource(%+v) =\n%s\nwant\n%s", s.Lines, got, want)
		}
	}
}

// FuzzRenderSource holds RenderSource to html/template on any text and
// class.
func FuzzRenderSource(f *testing.F) {
	f.Add("s", `"a" + 'b' < c & d > e`, 3, true)
	f.Add("", "\x00\xff<\u2028>", 0, false)
	f.Fuzz(func(t *testing.T, class, text string, n int, current bool) {
		s := &Source{Lines: []Line{
			{N: n, Current: current, Context: !current, Tokens: []Token{{Class: class, Text: text}, {Text: text}}},
			{N: n + 1, Tokens: []Token{{Class: text, Text: class}}},
		}}
		got, err := RenderSource(s)
		if err != nil {
			t.Fatal(err)
		}
		if want := oracle(t, s); string(got) != want {
			t.Errorf("RenderSource(%q, %q) =\n%s\nwant\n%s", class, text, got, want)
		}
	})
}
