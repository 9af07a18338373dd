// Command app is the example devserve runs in its README: a page drawn
// from an html/template, a static file, and a route that panics on a nil
// pointer, served through debugpage.Handler so that, under devserve run,
// the panic's page shows every frame's locals and a console.
//
// Run it from the repository root with
//
//	go run ./cmd/devserve run ./examples/app
//
// then open the URL devserve prints, edit this file or the template, and
// watch the page reload by itself. Visit /panic for a traceback page
// (/panic?user=ada does not panic).
package main

import (
	"embed"
	"fmt"
	"html/template"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/devserve/devserve/debugpage"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// account is a user of the app.
type account struct {
	Name   string
	Visits int
}

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
	users := map[string]*account{"ada": {Name: "Ada", Visits: 3}, "ken": {Name: "Ken"}}
	mux.HandleFunc("GET /panic", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("user")
		user := users[name] // nil but for ?user=ada or ?user=ken
		fmt.Fprintf(w, "%s visited %d times\n", user.Name, user.Visits)
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
	return http.Serve(ln, debugpage.Handler(mux))
}

// envOr returns the environment variable key, or def if it is empty.
func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
