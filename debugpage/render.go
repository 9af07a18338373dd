package debugpage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/devserve/devserve/templates"
)

// Renderer draws Reports as HTML pages, plain text, Markdown and JSON. Its zero value
// is ready to use; each field documents its default. A Renderer is safe
// for concurrent use; it caches highlighted source files (checked against
// their modification time on every use) and must not be copied or have
// its fields changed after first use.
type Renderer struct {
	// Editor is the template of the links that open a frame's file in an
	// editor: {path}, {line} and {col} are replaced. If empty, the
	// DEVSERVE_EDITOR environment variable is used, and if that is empty
	// too, DefaultEditor. "none" turns links off.
	Editor string

	// PathMap rewrites file paths before they go into editor links, for
	// programs running in a container: "/app=/home/me/src/app" (several
	// joined by the OS path-list separator). If empty, the
	// DEVSERVE_PATH_MAP environment variable is used.
	PathMap string

	// Context is how many source lines are shown either side of a frame's
	// line. If zero, 5 is used (3 for build errors).
	Context int

	// AssetBase is the URL prefix the page loads its stylesheets and
	// script from, where Assets is served. If empty, AssetPrefix is used.
	AssetBase string

	// Token is posted by the buttons of a page's Fixes, so that only the
	// page itself can apply them. If empty, fixes are shown as advice.
	Token string

	once  sync.Once // guards ed
	ed    editor
	cache sourceCache
}

// PageHeader is the header Write sets on every page, to the Report's
// Kind ("panic", "crash", ...): it tells a proxy in front of the program,
// such as devserve run's, that the response is a traceback page already,
// not an error of the program's to look for in its log.
const PageHeader = "X-Devserve-Page"

// Write writes rep as the response to r with the given status, in the
// form r's Accept header prefers: the HTML page for text/html, JSON for
// application/json, Markdown for text/markdown, plain text shaped like a
// Go traceback otherwise. If drawing the page fails (or panics), the text
// form is sent instead.
func (rd *Renderer) Write(w http.ResponseWriter, r *http.Request, status int, rep *Report) {
	var buf bytes.Buffer
	ctype := "text/plain; charset=utf-8"
	switch negotiate(r.Header.Values("Accept")) {
	case formatHTML:
		if err := rd.safeHTML(&buf, rep); err == nil {
			ctype = "text/html; charset=utf-8"
			break
		}
		buf.Reset()
		_ = writeText(&buf, rep)
	case formatJSON:
		ctype = "application/json; charset=utf-8"
		_ = rd.WriteJSON(&buf, rep)
	case formatMarkdown:
		ctype = "text/markdown; charset=utf-8"
		_ = rd.WriteMarkdown(&buf, rep)
	default:
		_ = writeText(&buf, rep)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept")
	h.Set(PageHeader, string(rep.Kind))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// WriteHTML writes rep as the interactive debug page.
func (rd *Renderer) WriteHTML(w io.Writer, rep *Report) error {
	return templates.WriteDebug(w, rd.page(rep))
}

// WriteText writes rep as plain text shaped like a Go traceback.
func (rd *Renderer) WriteText(w io.Writer, rep *Report) error {
	return writeText(w, rep)
}

// WriteJSON writes rep as indented JSON, with the source lines
// WithSource adds.
func (rd *Renderer) WriteJSON(w io.Writer, rep *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rd.WithSource(rep))
}

// safeHTML is WriteHTML into buf, grown at once to about the page's
// size, with a panic turned into an error.
func (rd *Renderer) safeHTML(buf *bytes.Buffer, rep *Report) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("debugpage: drawing the page panicked: %s", safeSprint(p))
		}
	}()
	p := rd.page(rep)
	buf.Grow(pageSize(p))
	return templates.WriteDebug(buf, p)
}

// editor returns the link builder, configured on first use.
func (rd *Renderer) editor() editor {
	rd.once.Do(func() {
		tmpl := firstNonEmpty(rd.Editor, os.Getenv("DEVSERVE_EDITOR"), DefaultEditor)
		if tmpl == "none" {
			tmpl = ""
		}
		rd.ed = newEditor(tmpl, firstNonEmpty(rd.PathMap, os.Getenv("DEVSERVE_PATH_MAP")))
	})
	return rd.ed
}

func (rd *Renderer) context(k Kind) int {
	switch {
	case rd.Context > 0:
		return rd.Context
	case k == KindBuild:
		return 3
	}
	return 5
}

func (rd *Renderer) assetBase() string {
	if rd.AssetBase == "" {
		return AssetPrefix
	}
	return rd.AssetBase
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// WantsHTML reports whether r's Accept header prefers the HTML page to
// JSON and text, by the rules that choose every form devserve serves.
func WantsHTML(r *http.Request) bool {
	return negotiate(r.Header.Values("Accept")) == formatHTML
}

// format is a rendering of a Report.
type format int

const (
	formatText format = iota
	formatHTML
	formatJSON
	formatMarkdown
)

// negotiate picks the rendering an Accept header prefers: the acceptable
// one (q > 0) of text/html, application/json and text/markdown with the
// highest q, HTML on a tie, else the first named; text when none is
// acceptable.
func negotiate(accept []string) format {
	best, bestQ := formatText, 0.0
	for _, header := range accept {
		for _, rng := range strings.Split(header, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(rng))
			if err != nil {
				continue
			}
			q := 1.0
			if s, ok := params["q"]; ok {
				if q, err = strconv.ParseFloat(s, 64); err != nil {
					continue
				}
			}
			f := formatOf(mt)
			if f != formatText && q > 0 && (q > bestQ || q == bestQ && f == formatHTML) {
				best, bestQ = f, q
			}
		}
	}
	return best
}

func formatOf(mediaType string) format {
	switch mediaType {
	case "text/html", "application/xhtml+xml":
		return formatHTML
	case "application/json":
		return formatJSON
	case "text/markdown", "text/x-markdown":
		return formatMarkdown
	}
	return formatText
}
