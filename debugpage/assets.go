package debugpage

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/devserve/devserve/templates"
)

// Assets returns a handler that serves the stylesheets and script of the
// debug page: mount it at [AssetPrefix] (it expects request paths that
// begin with it). The middleware returned by Handler serves them itself.
func Assets() http.Handler {
	return &assets{css: sync.OnceValue(highlightCSS)}
}

// assets serves the embedded static files and the generated highlighting
// stylesheet.
type assets struct {
	css func() string // the highlighting stylesheet, generated once
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, AssetPrefix)
	if !ok || name == "" || strings.Contains(name, "/") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	if name == "highlight.css" {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		http.ServeContent(w, r, name, time.Time{}, strings.NewReader(a.css()))
		return
	}
	http.ServeFileFS(w, r, templates.Static(), name)
}
