package debugpage

import (
	"net/http"
	"strings"

	"github.com/devserve/devserve/templates"
)

// Assets returns a handler that serves the stylesheets and script of the
// debug page: mount it at [AssetPrefix] (it expects request paths that
// begin with it). The middleware returned by Handler serves them itself.
func Assets() http.Handler {
	return http.HandlerFunc(serveAsset)
}

// serveAsset serves one of the embedded static files.
func serveAsset(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, AssetPrefix)
	if !ok || name == "" || strings.Contains(name, "/") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeFileFS(w, r, templates.Static(), name)
}
