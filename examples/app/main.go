// Command app is the example devserve runs in its README: a page drawn
// from an html/template, a static file, and a route that panics.
//
// Run it from the repository root with
//
//	go run ./cmd/devserve run ./examples/app
//
// then open the URL devserve prints, edit this file or the template, and
// watch the page reload by itself. Visit /panic for a traceback page.
package main

import (
	"embed"
	"html/template"
	"log"
	"net"
	"net/http"
	"os"
	"time"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// page is what the home page template shows.
type page struct {
	Greeting string
	Started  time.Time
	PID      int
}

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	tmpl, err := template.ParseFS(templateFiles, "templates/*.html")
	if err != nil {
		return err
	}
	started := time.Now()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		p := page{Greeting: "Hello from devserve", Started: started, PID: os.Getpid()}
		if err := tmpl.ExecuteTemplate(w, "index.html", p); err != nil {
			log.Print(err)
		}
	})
	mux.Handle("GET /static/", http.FileServerFS(staticFiles))
	mux.HandleFunc("GET /panic", func(w http.ResponseWriter, r *http.Request) {
		var scores []int
		log.Printf("the best score is %d", scores[len(scores)-1]) // index out of range
	})

	addr := os.Getenv("DEVSERVE_ADDR")
	if addr == "" {
		addr = "localhost:" + envOr("PORT", "8080")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	log.Printf("app listening on http://%s", ln.Addr())
	return http.Serve(ln, mux)
}

// envOr returns the environment variable key, or def if it is empty.
func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
