package templates

import (
	"html/template"
	"strings"
	"testing"
	"unicode/utf8"
)

// sourceOracle is the source table as an html/template, which RenderSource
// must match byte for byte.
var sourceOracle = template.Must(template.New("source").Funcs(template.FuncMap{"indent": caretIndent}).Parse(`<table class="src chroma"><tbody>
{{- range .Lines}}
<tr{{if .Current}} class="cur"{{else if not .Context}} class="ext"{{end}}><td class="ln">{{.N}}</td><td class="code">{{range .Tokens}}{{if .Class}}<span class="{{.Class}}">{{.Text}}</span>{{else}}{{.Text}}{{end}}{{end}}</td></tr>
{{- $line := .}}
{{- range .Marks}}{{if or (gt .Column 0) .Message}}
<tr class="mark{{if not $line.Context}} ext{{end}}"><td class="ln"></td><td class="code">
{{- if gt .Column 0}}<span class="caret">{{indent $line.Tokens .Column}}^</span>{{end}}
{{- with .Message}} <span class="mark-msg">{{.}}</span>{{end}}</td></tr>
{{- end}}{{end}}
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
		{Lines: []Line{
			{N: 4, Current: true, Context: true, Tokens: []Token{{Text: "\t"}, {Class: "nx", Text: "x"}, {Text: " := é"}}, Marks: []Mark{
				{Column: 2, Message: "declared and not used: x"},
				{Column: 7, Message: odd},
				{Column: 20},
				{Message: "no column"},
				{},
			}},
			{N: 5, Tokens: []Token{{Text: "hidden"}}, Marks: []Mark{{Column: 1, Message: "<b>"}}},
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
			{N: n, Current: current, Context: !current, Tokens: []Token{{Class: class, Text: text}, {Text: text}},
				Marks: []Mark{{Column: n % 64, Message: text}, {Column: len(text) + 1, Message: class}}},
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

func TestCaretIndent(t *testing.T) {
	tests := []struct {
		line string
		col  int
		want string
	}{
		{"x := 1", 1, ""},
		{"x := 1", 3, "  "},
		{"\tx := y", 7, "\t     "},
		{"\t\tfmt.Println(u.Mail)", 16, "\t\t             "},
		{"s := \"héllo\" + x", 16, strings.Repeat(" ", 14)}, // é is two bytes, one character
		{"ab", 5, "    "}, // past the end of the line
		{"ab", 0, ""},
	}
	for _, tt := range tests {
		// Split the line into two tokens, to cross a token boundary.
		mid := len(tt.line) / 2
		for mid > 0 && !utf8.RuneStart(tt.line[mid]) {
			mid--
		}
		tokens := []Token{{Text: tt.line[:mid]}, {Class: "n", Text: tt.line[mid:]}}
		if got := caretIndent(tokens, tt.col); got != tt.want {
			t.Errorf("caretIndent(%q, %d) = %q, want %q", tt.line, tt.col, got, tt.want)
		}
	}
}
