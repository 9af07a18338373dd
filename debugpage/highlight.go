package debugpage

// This file holds every use of chroma in devserve.

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"

	"github.com/devserve/devserve/templates"
)

// lexerFor picks a lexer by file name: Go, Go templates (as HTML), HTML,
// JavaScript, CSS, or whatever chroma matches; plain text otherwise.
func lexerFor(name string) chroma.Lexer {
	var l chroma.Lexer
	switch strings.ToLower(filepath.Ext(name)) {
	case ".go":
		l = lexers.Get("go")
	case ".tmpl", ".gohtml", ".tpl", ".html", ".htm":
		l = lexers.Get("go-html-template")
	case ".js", ".mjs":
		l = lexers.Get("javascript")
	case ".css":
		l = lexers.Get("css")
	default:
		l = lexers.Match(name)
	}
	if l == nil {
		l = lexers.Fallback
	}
	return chroma.Coalesce(l)
}

// highlight splits src into lines of tokens, each with the CSS class of its
// syntax category. On a lexer error the lines are returned as plain text.
func highlight(name, src string) [][]templates.Token {
	it, err := lexerFor(name).Tokenise(nil, src)
	if err != nil {
		return plainLines(src)
	}
	lines := [][]templates.Token{nil}
	for t := it(); t != chroma.EOF; t = it() {
		class := classOf(t.Type)
		for i, piece := range strings.Split(t.Value, "\n") {
			if i > 0 {
				lines = append(lines, nil)
			}
			if piece != "" {
				lines[len(lines)-1] = appendToken(lines[len(lines)-1], class, piece)
			}
		}
	}
	if strings.HasSuffix(src, "\n") {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// appendToken appends a token, merged with the last one if their classes
// are the same.
func appendToken(line []templates.Token, class, text string) []templates.Token {
	if n := len(line); n > 0 && line[n-1].Class == class {
		line[n-1].Text += text
		return line
	}
	return append(line, templates.Token{Class: class, Text: text})
}

// plainLines splits src into unhighlighted lines.
func plainLines(src string) [][]templates.Token {
	parts := strings.Split(strings.TrimSuffix(src, "\n"), "\n")
	lines := make([][]templates.Token, len(parts))
	for i, p := range parts {
		lines[i] = []templates.Token{{Text: p}}
	}
	return lines
}

// classOf returns the short CSS class chroma gives a token type, or ""
// for plain text.
func classOf(tt chroma.TokenType) string {
	if tt == chroma.Text || tt == chroma.TextWhitespace || tt == chroma.Whitespace {
		return ""
	}
	for ; tt != chroma.None; tt = tt.Parent() {
		if c, ok := chroma.StandardTypes[tt]; ok && c != "" {
			return c
		}
		if tt.Parent() == tt {
			break
		}
	}
	return ""
}

// highlightCSS returns the stylesheet for highlighted code: chroma's
// "github" style, and "github-dark" when the reader prefers dark.
func highlightCSS() string {
	var b strings.Builder
	b.WriteString("/* Syntax highlighting, generated from chroma's github and github-dark styles. */\n")
	writeStyle(&b, styles.Get("github"), "")
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	writeStyle(&b, styles.Get("github-dark"), "\t")
	b.WriteString("}\n")
	return b.String()
}

// writeStyle writes one CSS rule per token class the style colours.
func writeStyle(b *strings.Builder, s *chroma.Style, indent string) {
	text := s.Get(chroma.Text)
	if text.Colour.IsSet() {
		fmt.Fprintf(b, "%s.chroma { color: %s; }\n", indent, text.Colour)
	}
	for _, tt := range slices.Sorted(maps.Keys(chroma.StandardTypes)) {
		class := chroma.StandardTypes[tt]
		if class == "" || classOf(tt) != class {
			continue
		}
		if rule := cssRule(s.Get(tt), text); rule != "" {
			fmt.Fprintf(b, "%s.chroma .%s { %s}\n", indent, class, rule)
		}
	}
}

// cssRule returns the declarations for e, complete (colour, weight,
// style, decoration) so that the dark theme's rules override every
// property of the light theme's.
func cssRule(e, text chroma.StyleEntry) string {
	c := e.Colour
	if !c.IsSet() {
		c = text.Colour
	}
	var b strings.Builder
	if c.IsSet() {
		fmt.Fprintf(&b, "color: %s; ", c)
	}
	b.WriteString(pick(e.Bold == chroma.Yes, "font-weight: bold; ", "font-weight: normal; "))
	b.WriteString(pick(e.Italic == chroma.Yes, "font-style: italic; ", "font-style: normal; "))
	b.WriteString(pick(e.Underline == chroma.Yes, "text-decoration: underline; ", "text-decoration: none; "))
	return b.String()
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}
