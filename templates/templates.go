package templates

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io"
	"io/fs"
	"strconv"
	"sync"
)

//go:embed debug.html vars.html static
var files embed.FS

// debugTemplate is the parsed and escaped debug page. It is prepared on
// first use and never changes afterwards.
var debugTemplate = sync.OnceValue(func() *template.Template {
	funcs := template.FuncMap{"fields": newFieldList, "plural": plural}
	t := template.Must(template.New("debug.html").Funcs(funcs).ParseFS(files, "debug.html", "vars.html"))
	// html/template escapes a template on its first execution; drawing an
	// empty page does it here, once, for whoever asked first.
	if err := t.Execute(io.Discard, &Page{}); err != nil {
		panic("templates: the debug page does not draw: " + err.Error())
	}
	return t
})

// Prepare parses and escapes the debug page's template and hashes the
// static files, which the first [WriteDebug] and [Version] would do
// otherwise. A WriteDebug called meanwhile waits for it. Callers that
// know a page is coming run it in a goroutine, to overlap the work with
// their own.
func Prepare() {
	version()
	debugTemplate()
}

// WriteDebug draws p as the debug page: a panic, a crash or a build error.
func WriteDebug(w io.Writer, p *Page) error {
	return debugTemplate().Execute(w, p)
}

// Static returns the files pages link to (stylesheets and scripts), named
// as the pages name them relative to [Page.AssetBase].
func Static() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic("templates: " + err.Error()) // "static" is a valid name; cannot happen
	}
	return sub
}

// Version returns a short hash of the static files, for cache-busting
// asset URLs.
func Version() string { return version() }

// version computes Version once.
var version = sync.OnceValue(func() string {
	h := sha256.New()
	err := fs.WalkDir(files, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	if err != nil {
		panic("templates: " + err.Error()) // embedded files are readable; cannot happen
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
})

// fieldList is a titled list of fields, for the request section.
type fieldList struct {
	Name string
	List []Field
}

func newFieldList(name string, list []Field) fieldList { return fieldList{name, list} }

// plural returns "1 thing" or "n things".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}
