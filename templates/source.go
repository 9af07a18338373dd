package templates

import (
	"html/template"
	"strconv"
	"strings"
)

// htmlEscaper escapes text as html/template escapes a string it prints in
// element content or in a quoted attribute value.
var htmlEscaper = strings.NewReplacer(
	"\x00", "\uFFFD",
	`"`, "&#34;",
	"&", "&amp;",
	"'", "&#39;",
	"+", "&#43;",
	"<", "&lt;",
	">", "&gt;",
)

// RenderSource draws s.Lines as the table of highlighted lines the debug
// page shows for a frame, for [Source.HTML], each line's marks in rows
// under it. A page shows hundreds of tokens per frame, too many to print
// one by one through html/template's reflection; RenderSource writes the
// table itself and escapes every class and text exactly as html/template
// does (a test holds it to that).
func RenderSource(s *Source) (template.HTML, error) {
	var b strings.Builder
	b.Grow(sourceSize(s))
	b.WriteString(`<table class="src chroma"><tbody>`)
	for _, l := range s.Lines {
		switch {
		case l.Current:
			b.WriteString("\n<tr class=\"cur\">")
		case !l.Context:
			b.WriteString("\n<tr class=\"ext\">")
		default:
			b.WriteString("\n<tr>")
		}
		b.WriteString(`<td class="ln">`)
		b.WriteString(strconv.Itoa(l.N))
		b.WriteString(`</td><td class="code">`)
		for _, t := range l.Tokens {
			writeToken(&b, t)
		}
		b.WriteString("</td></tr>")
		for _, m := range l.Marks {
			writeMark(&b, l, m)
		}
	}
	b.WriteString("\n</tbody></table>")
	return template.HTML(b.String()), nil
}

// writeMark writes the row of a mark under its line: the caret under its
// column, then the message; none for a mark with neither.
func writeMark(b *strings.Builder, l Line, m Mark) {
	if m.Column < 1 && m.Message == "" {
		return
	}
	b.WriteString("\n<tr class=\"mark")
	if !l.Context {
		b.WriteString(" ext")
	}
	b.WriteString(`"><td class="ln"></td><td class="code">`)
	if m.Column > 0 {
		b.WriteString(`<span class="caret">`)
		b.WriteString(caretIndent(l.Tokens, m.Column))
		b.WriteString("^</span>")
	}
	if m.Message != "" {
		b.WriteString(` <span class="mark-msg">`)
		htmlEscaper.WriteString(b, m.Message)
		b.WriteString("</span>")
	}
	b.WriteString("</td></tr>")
}

// caretIndent returns the white space that puts a caret under byte column
// col (1-based) of the line tokens make up: a tab for each tab before it
// and a space for each other character, so that it lines up at any tab
// width; spaces past the end of the line for a column beyond it.
func caretIndent(tokens []Token, col int) string {
	var b strings.Builder
	n := 0 // bytes of the line passed
	for _, t := range tokens {
		for i, r := range t.Text {
			if n+i >= col-1 {
				return b.String()
			}
			if r == '\t' {
				b.WriteByte('\t')
			} else {
				b.WriteByte(' ')
			}
		}
		n += len(t.Text)
	}
	for ; n < col-1; n++ {
		b.WriteByte(' ')
	}
	return b.String()
}

// writeToken writes a token's text, escaped, in a span of its class if it
// has one.
func writeToken(b *strings.Builder, t Token) {
	if t.Class == "" {
		htmlEscaper.WriteString(b, t.Text)
		return
	}
	b.WriteString(`<span class="`)
	htmlEscaper.WriteString(b, t.Class)
	b.WriteString(`">`)
	htmlEscaper.WriteString(b, t.Text)
	b.WriteString("</span>")
}

// sourceSize estimates the size of s drawn, to allocate it at once.
func sourceSize(s *Source) int {
	n := 64
	for _, l := range s.Lines {
		n += 64 + 128*len(l.Marks)
		for _, t := range l.Tokens {
			n += len(t.Text) + len(t.Class) + 24
		}
	}
	return n
}
