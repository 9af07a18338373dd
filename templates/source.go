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
// page shows for a frame, for [Source.HTML]. A page shows hundreds of
// tokens per frame, too many to print one by one through html/template's
// reflection; RenderSource writes the table itself and escapes every class
// and text exactly as html/template does (a test holds it to that).
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
	}
	b.WriteString("\n</tbody></table>")
	return template.HTML(b.String()), nil
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
		n += 64
		for _, t := range l.Tokens {
			n += len(t.Text) + len(t.Class) + 24
		}
	}
	return n
}
