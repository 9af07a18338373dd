package debugpage

import (
	"html/template"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
)

// DefaultEditor is the editor link template used when neither
// [Renderer.Editor] nor DEVSERVE_EDITOR sets one: it opens the file in
// Visual Studio Code.
const DefaultEditor = "vscode://file/{path}:{line}:{col}"

// scheme returns the URL scheme tmpl starts with, or "" if it starts with
// none.
func scheme(tmpl string) string {
	for i, c := range tmpl {
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '.' || c == '-'):
		case i > 0 && c == ':':
			return tmpl[:i]
		default:
			return ""
		}
	}
	return ""
}

// editor builds links that open a file at a line in an editor.
type editor struct {
	tmpl  string      // e.g. "goland://open?file={path}&line={line}"; "" for no links
	paths [][2]string // path prefix mappings, from → to
}

// newEditor returns an editor for a link template and a path map of the
// form "/app=/home/me/src/app", several joined by the OS path-list
// separator. Templates whose scheme could run script are refused.
func newEditor(tmpl, pathMap string) editor {
	e := editor{tmpl: tmpl}
	switch strings.ToLower(scheme(tmpl)) {
	case "", "javascript", "data", "vbscript":
		e.tmpl = ""
	}
	for _, p := range filepath.SplitList(pathMap) {
		if from, to, ok := strings.Cut(p, "="); ok && from != "" {
			e.paths = append(e.paths, [2]string{from, to})
		}
	}
	return e
}

// mapPath rewrites path by the first mapping whose prefix it has.
func (e editor) mapPath(path string) string {
	for _, m := range e.paths {
		if rest, ok := strings.CutPrefix(path, m[0]); ok && (rest == "" || rest[0] == '/' || rest[0] == '\\') {
			return m[1] + rest
		}
	}
	return path
}

// link returns the link that opens path at line and col, or "" if links
// are off or the path is not absolute.
//
// The result is a template.URL so that html/template keeps its scheme
// (which is not http); it is safe because the scheme comes from the
// configuration, checked by newEditor, and the path and numbers are
// URL-escaped.
func (e editor) link(path string, line, col int) template.URL {
	if e.tmpl == "" || path == "" {
		return ""
	}
	p := filepath.ToSlash(e.mapPath(path))
	if !strings.HasPrefix(p, "/") {
		if !filepath.IsAbs(path) {
			return ""
		}
		p = "/" + p // a Windows path: C:/x → /C:/x
	}
	escaped := (&url.URL{Path: p}).EscapedPath()
	if strings.Contains(e.tmpl, "file/{path}") {
		escaped = strings.TrimPrefix(escaped, "/")
	}
	if col < 1 {
		col = 1
	}
	return template.URL(expand(e.tmpl, escaped, strconv.Itoa(line), strconv.Itoa(col)))
}

// expand replaces {path}, {line}, {col} and {column} in tmpl, left to
// right in one pass, as a strings.Replacer would; unlike one, it builds
// nothing to be thrown away with each link.
func expand(tmpl, path, line, col string) string {
	vars := [...][2]string{{"{path}", path}, {"{line}", line}, {"{col}", col}, {"{column}", col}}
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		tmpl = tmpl[i:]
		n := 1 // a brace that starts no variable stays as it is
		value := "{"
		for _, v := range vars {
			if strings.HasPrefix(tmpl, v[0]) {
				n, value = len(v[0]), v[1]
				break
			}
		}
		b.WriteString(value)
		tmpl = tmpl[n:]
	}
}
