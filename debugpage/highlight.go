package debugpage

// This file holds every use of chroma in devserve.
//
// Tokens are chroma's token types, drawn with chroma's CSS class names.
// Go source is split by go/scanner, which is exact and fast; templates,
// HTML, JavaScript and CSS by small chroma regular-expression lexers
// defined here. The chroma/lexers and chroma/styles packages are not
// imported: they register hundreds of lexers and styles when a program
// starts (about 100ms and 9MB for every program that imports debugpage).

import (
	"go/scanner"
	"go/token"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"

	"github.com/devserve/devserve/templates"
)

// A tokeniser splits source text into chroma tokens.
type tokeniser interface {
	Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error)
}

// tokeniserFunc adapts a function to a tokeniser.
type tokeniserFunc func(text string) []chroma.Token

// Tokenise returns an iterator over f's tokens of text.
func (f tokeniserFunc) Tokenise(_ *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	return chroma.Literator(f(text)...), nil
}

// tokeniserFor picks a tokeniser by file name: Go, Go templates and HTML,
// JavaScript, CSS; plain text otherwise.
func tokeniserFor(name string) tokeniser {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".go":
		return tokeniserFunc(goTokens)
	case ".tmpl", ".gohtml", ".tpl", ".html", ".htm":
		return htmlLexer()
	case ".js", ".mjs":
		return jsLexer()
	case ".css":
		return cssLexer()
	}
	return tokeniserFunc(func(text string) []chroma.Token {
		return []chroma.Token{{Type: chroma.Text, Value: text}}
	})
}

// highlight splits src into lines of tokens, each with the CSS class of its
// syntax category. On a lexer error the lines are returned as plain text.
func highlight(name, src string) [][]templates.Token {
	it, err := tokeniserFor(name).Tokenise(&chroma.TokeniseOptions{State: "root"}, src) // no EnsureLF: keep the text as it is
	if err != nil {
		return plainLines(src)
	}
	lines := make([][]templates.Token, 1, strings.Count(src, "\n")+1)
	for t := it(); t != chroma.EOF; t = it() {
		class := classOf(t.Type)
		for text := t.Value; ; {
			piece, rest, more := strings.Cut(text, "\n")
			if piece != "" {
				lines[len(lines)-1] = appendToken(lines[len(lines)-1], class, piece)
			}
			if !more {
				break
			}
			lines, text = append(lines, nil), rest
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

// goTokens splits Go source with go/scanner. Text between tokens (space,
// and what the scanner cannot read) is kept as plain text, so the tokens
// add up to src.
func goTokens(src string) []chroma.Token {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	out := make([]chroma.Token, 0, len(src)/4) // Go has a token (spaces count) every 3 to 6 bytes
	done := 0                                  // the offset up to which src is in out
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		if tok == token.SEMICOLON && lit != ";" || off < done {
			continue // a semicolon the scanner inserted
		}
		end := tokenEnd(src, off, tok, lit)
		if off > done {
			out = append(out, chroma.Token{Type: chroma.Text, Value: src[done:off]})
		}
		out = append(out, chroma.Token{Type: goType(tok, lit, src[end:]), Value: src[off:end]})
		done = end
	}
	if done < len(src) {
		out = append(out, chroma.Token{Type: chroma.Text, Value: src[done:]})
	}
	return out
}

// tokenEnd returns the offset in src where the token at off ends. The
// scanner's literal is not always the source text: it drops carriage
// returns from raw strings and comments, and replaces bad UTF-8.
func tokenEnd(src string, off int, tok token.Token, lit string) int {
	rest := src[off:]
	n := len(lit)
	switch {
	case lit == "":
		n = len(tok.String())
	case tok == token.ILLEGAL:
		_, n = utf8.DecodeRuneInString(rest)
	case tok == token.STRING && rest[0] == '`':
		n = closeAfter(rest, 1, "`")
	case tok == token.COMMENT && strings.HasPrefix(rest, "/*"):
		n = closeAfter(rest, 2, "*/")
	case tok == token.COMMENT:
		n = closeAfter(rest, 0, "\n") - 1
	}
	return off + min(max(n, 1), len(rest))
}

// closeAfter returns the offset just past the first close in s at or
// after from, or len(s) (plus one, for a missing newline) when there is
// none.
func closeAfter(s string, from int, close string) int {
	if i := strings.Index(s[from:], close); i >= 0 {
		return from + i + len(close)
	}
	if close == "\n" {
		return len(s) + 1
	}
	return len(s)
}

// goType returns the chroma type of a Go token; rest is the source after
// it, to tell calls from other names.
func goType(tok token.Token, lit, rest string) chroma.TokenType {
	switch {
	case tok == token.COMMENT && strings.HasPrefix(lit, "/*"):
		return chroma.CommentMultiline
	case tok == token.COMMENT:
		return chroma.CommentSingle
	case tok == token.STRING:
		return chroma.LiteralString
	case tok == token.CHAR:
		return chroma.LiteralStringChar
	case tok == token.INT:
		return chroma.LiteralNumberInteger
	case tok == token.FLOAT || tok == token.IMAG:
		return chroma.LiteralNumberFloat
	case tok == token.PACKAGE || tok == token.IMPORT:
		return chroma.KeywordNamespace
	case tok == token.FUNC || tok == token.VAR || tok == token.CONST || tok == token.TYPE:
		return chroma.KeywordDeclaration
	case tok.IsKeyword():
		return chroma.Keyword
	case tok == token.IDENT:
		return goIdent(lit, strings.HasPrefix(strings.TrimLeft(rest, " \t"), "("))
	case tok == token.LPAREN || tok == token.RPAREN || tok == token.LBRACE || tok == token.RBRACE ||
		tok == token.LBRACK || tok == token.RBRACK || tok == token.COMMA || tok == token.SEMICOLON ||
		tok == token.PERIOD || tok == token.COLON:
		return chroma.Punctuation
	case tok.IsOperator():
		return chroma.Operator
	}
	return chroma.Error
}

// goIdent returns the chroma type of an identifier: predeclared types,
// constants and functions, other calls, other names.
func goIdent(name string, call bool) chroma.TokenType {
	switch name {
	case "bool", "byte", "complex64", "complex128", "error", "float32", "float64", "int", "int8",
		"int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64",
		"uintptr", "any", "comparable":
		return chroma.KeywordType
	case "true", "false", "nil", "iota":
		return chroma.KeywordConstant
	case "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
		"max", "min", "new", "panic", "print", "println", "real", "recover":
		if call {
			return chroma.NameBuiltin
		}
	}
	if call {
		return chroma.NameFunction
	}
	return chroma.Name
}

// The regular-expression lexers are compiled on first use, once.
var (
	htmlLexer = sync.OnceValue(func() *chroma.RegexLexer {
		return chroma.MustNewLexer(&chroma.Config{Name: "HTML and Go templates", DotAll: true}, htmlRules)
	})
	jsLexer = sync.OnceValue(func() *chroma.RegexLexer {
		return chroma.MustNewLexer(&chroma.Config{Name: "JavaScript", DotAll: true}, jsRules)
	})
	cssLexer = sync.OnceValue(func() *chroma.RegexLexer {
		return chroma.MustNewLexer(&chroma.Config{Name: "CSS", DotAll: true}, cssRules)
	})
)

// templateAction is the rule that enters a Go template action.
var templateAction = chroma.Rule{Pattern: `\{\{-?`, Type: chroma.CommentPreproc, Mutator: chroma.Push("action")}

func htmlRules() chroma.Rules {
	return chroma.Rules{
		"root": {
			templateAction,
			{Pattern: `<!--.*?-->`, Type: chroma.Comment},
			{Pattern: `(</?)([\w:-]+)`, Type: chroma.ByGroups(chroma.Punctuation, chroma.NameTag), Mutator: chroma.Push("tag")},
			{Pattern: `&#?\w+;`, Type: chroma.NameEntity},
			{Pattern: `[^<{&]+|[<{&]`, Type: chroma.Text},
		},
		"tag": {
			templateAction,
			{Pattern: `\s+`, Type: chroma.Text},
			{Pattern: `[\w:-]+`, Type: chroma.NameAttribute},
			{Pattern: `=`, Type: chroma.Operator},
			{Pattern: `"[^"]*"|'[^']*'`, Type: chroma.LiteralString},
			{Pattern: `/?>`, Type: chroma.Punctuation, Mutator: chroma.Pop(1)},
			{Pattern: `.`, Type: chroma.Text},
		},
		"action": {
			{Pattern: `-?\}\}`, Type: chroma.CommentPreproc, Mutator: chroma.Pop(1)},
			{Pattern: `\s+`, Type: chroma.Text},
			{Pattern: `/\*.*?\*/`, Type: chroma.Comment},
			{Pattern: `\b(if|else|end|range|with|define|template|block|break|continue|and|or|not|len|index|print|printf|println|eq|ne|lt|le|gt|ge|call|slice)\b`, Type: chroma.Keyword},
			{Pattern: `"(\\.|[^"\\])*"|` + "`[^`]*`" + `|'(\\.|[^'\\])*'`, Type: chroma.LiteralString},
			{Pattern: `\$\w*|\.[\w.]*`, Type: chroma.NameVariable},
			{Pattern: `\d+(\.\d+)?`, Type: chroma.LiteralNumber},
			{Pattern: `[\w]+`, Type: chroma.NameFunction},
			{Pattern: `:=|=|\||[(),]`, Type: chroma.Operator},
			{Pattern: `.`, Type: chroma.Text},
		},
	}
}

func jsRules() chroma.Rules {
	return chroma.Rules{
		"root": {
			{Pattern: `//[^\n]*`, Type: chroma.CommentSingle},
			{Pattern: `/\*.*?\*/`, Type: chroma.CommentMultiline},
			{Pattern: `"(\\.|[^"\\\n])*"|'(\\.|[^'\\\n])*'|` + "`(\\\\.|[^`\\\\])*`", Type: chroma.LiteralString},
			{Pattern: `\b(var|let|const|function|class)\b`, Type: chroma.KeywordDeclaration},
			{Pattern: `\b(if|else|for|while|do|return|break|continue|switch|case|default|throw|try|catch|finally|new|delete|typeof|instanceof|in|of|async|await|yield|import|export|from|this|super|extends|static)\b`, Type: chroma.Keyword},
			{Pattern: `\b(true|false|null|undefined|NaN|Infinity)\b`, Type: chroma.KeywordConstant},
			{Pattern: `\b(0[xX][0-9a-fA-F_]+|\d[\d_]*(\.\d+)?([eE][+-]?\d+)?)\b`, Type: chroma.LiteralNumber},
			{Pattern: `[A-Za-z_$][\w$]*(?=\s*\()`, Type: chroma.NameFunction},
			{Pattern: `[A-Za-z_$][\w$]*`, Type: chroma.Name},
			{Pattern: `[-+*/%=!<>&|^~?:]+`, Type: chroma.Operator},
			{Pattern: `[{}()\[\];,.]`, Type: chroma.Punctuation},
			{Pattern: `\s+`, Type: chroma.Text},
			{Pattern: `.`, Type: chroma.Text},
		},
	}
}

func cssRules() chroma.Rules {
	return chroma.Rules{
		"root": {
			{Pattern: `/\*.*?\*/`, Type: chroma.CommentMultiline},
			{Pattern: `@[\w-]+`, Type: chroma.Keyword},
			{Pattern: `\{`, Type: chroma.Punctuation, Mutator: chroma.Push("block")},
			{Pattern: `[;,]`, Type: chroma.Punctuation},
			{Pattern: `\s+`, Type: chroma.Text},
			{Pattern: `[^{};,/@\s]+`, Type: chroma.NameTag},
			{Pattern: `.`, Type: chroma.Text},
		},
		"block": {
			{Pattern: `\}`, Type: chroma.Punctuation, Mutator: chroma.Pop(1)},
			{Pattern: `/\*.*?\*/`, Type: chroma.CommentMultiline},
			{Pattern: `[\w-]+(?=\s*:)`, Type: chroma.NameProperty},
			{Pattern: `"[^"]*"|'[^']*'`, Type: chroma.LiteralString},
			{Pattern: `#[0-9a-fA-F]{3,8}\b|-?\d*\.?\d+(%|[a-z]+)?`, Type: chroma.LiteralNumber},
			{Pattern: `!important\b`, Type: chroma.Keyword},
			{Pattern: `[\w-]+(?=\()`, Type: chroma.NameFunction},
			{Pattern: `[\w-]+`, Type: chroma.NameConstant},
			{Pattern: `[:;,()]`, Type: chroma.Punctuation},
			{Pattern: `\s+`, Type: chroma.Text},
			{Pattern: `.`, Type: chroma.Text},
		},
	}
}
