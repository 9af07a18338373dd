// Command reloader is a web app that rebuilds and restarts itself when its
// source changes, through serving.WithReloader: edit greeting.go or
// templates/index.html while it runs, save, and the page in the browser
// reloads with the change; save a syntax error, and the page shows the
// compiler's errors until it is fixed.
//
//	go run ./examples/reloader                  # http://localhost:8080
//	go build -o app ./examples/reloader && ./app -addr localhost:0
//	go run ./examples/reloader -poll 500ms      # stat polling
//
// Flags:
//
//	-addr  address to listen on (default localhost:8080)
//	-poll  watch by stat polling at this interval instead of fsnotify
//
// The program is rebuilt with the settings it was built with (-tags,
// -ldflags, CGO_ENABLED, ...), from wherever it is started, and says
// what it does:
//
//	$ go run ./examples/reloader
//	 * Running on http://localhost:8080
//	Press CTRL+C to quit
//	 * Restarting with fsnotify
//	 * Detected change in 'examples/reloader/greeting.go', reloading
//	 * Restarting with fsnotify
//
// /panic shows the debugger's page, on by default for a program the
// reloader runs.
package main

import (
	"embed"
	"flag"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"time"

	"github.com/devserve/devserve/serving"
)

//go:embed templates/index.html
var templateFiles embed.FS

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "reloader:", err)
		os.Exit(1)
	}
}

// run parses the flags and serves the app, with the reloader, until
// Ctrl+C.
func run(args []string) error {
	fs := flag.NewFlagSet("reloader", flag.ContinueOnError)
	addr := fs.String("addr", "localhost:8080", "address to listen on")
	poll := fs.Duration("poll", 0, "watch by stat polling at this interval instead of fsnotify")
	if err := fs.Parse(args); err != nil {
		return err
	}
	app, err := newApp()
	if err != nil {
		return err
	}
	return serving.RunSimple(*addr, app,
		serving.WithReloader(),
		serving.WithReloaderInterval(*poll))
}

// newApp returns the app's routes.
func newApp() (http.Handler, error) {
	page, err := template.ParseFS(templateFiles, "templates/index.html")
	if err != nil {
		return nil, err
	}
	started := time.Now()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		data := struct {
			Greeting string
			PID      int
			Started  string
		}{greeting(), os.Getpid(), started.Format(time.TimeOnly)}
		if err := page.Execute(w, data); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	mux.HandleFunc("GET /panic", func(w http.ResponseWriter, r *http.Request) {
		visits := map[string]map[string]int{} // one counter map per page, none made yet
		visits[r.URL.Path]["visits"]++        // a nil map: the debugger shows this line
	})
	return mux, nil
}
