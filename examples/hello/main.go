// Command hello is a small web app served by serving.RunSimple: a page
// drawn from an html/template, a stylesheet and a script from a static
// directory, and a route that panics to show the debugger.
//
//	go run ./examples/hello                      # http://localhost:8080
//	go run ./examples/hello -addr localhost:0    # any free port
//	go run ./examples/hello -tls                 # HTTPS, ad-hoc certificate
//
// Flags:
//
//	-addr    address to listen on (default localhost:8080); see package
//	         serving for the forms, unix sockets included
//	-static  directory served under /static/ (default: ./static if it
//	         exists, else examples/hello/static, so that it runs from the
//	         repository root and from its own directory)
//	-tls     serve HTTPS with an ad-hoc self-signed certificate
//	-debug   show panics as a traceback page (default true)
//
// Under devserve run, DEVSERVE_ADDR replaces -addr.
package main

import (
	"embed"
	"flag"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/devserve/devserve/serving"
)

//go:embed templates/*.html
var templateFiles embed.FS

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		os.Exit(1)
	}
}

// run parses the flags and serves the app until Ctrl+C.
func run(args []string) error {
	fs := flag.NewFlagSet("hello", flag.ContinueOnError)
	addr := fs.String("addr", "localhost:8080", "address to listen on")
	static := fs.String("static", defaultStatic(), "directory served under /static/")
	tls := fs.Bool("tls", false, "serve HTTPS with an ad-hoc certificate")
	debug := fs.Bool("debug", true, "show panics as a traceback page")
	if err := fs.Parse(args); err != nil {
		return err
	}
	app, err := newApp()
	if err != nil {
		return err
	}
	opts := []serving.Option{serving.WithStatic("/static/", *static)}
	if *tls {
		opts = append(opts, serving.WithAdhocTLS())
	}
	if *debug {
		opts = append(opts, serving.WithDebugger())
	}
	return serving.RunSimple(*addr, app, opts...)
}

// defaultStatic returns ./static if it is a directory, else the example's
// static directory seen from the repository root.
func defaultStatic() string {
	if fi, err := os.Stat("static"); err == nil && fi.IsDir() {
		return "static"
	}
	return "examples/hello/static"
}

// app is the example's handler.
type app struct {
	page   *template.Template
	visits atomic.Int64
	mux    *http.ServeMux
}

// pageData is what the page template shows.
type pageData struct {
	Name   string
	Visits int64
	Now    time.Time
}

// newApp parses the templates and sets up the routes.
func newApp() (*app, error) {
	page, err := template.ParseFS(templateFiles, "templates/index.html")
	if err != nil {
		return nil, fmt.Errorf("hello: %w", err)
	}
	a := &app{page: page, mux: http.NewServeMux()}
	a.mux.HandleFunc("GET /{$}", a.index)
	a.mux.HandleFunc("GET /panic", func(w http.ResponseWriter, r *http.Request) {
		perPage := map[string]map[string]int{}
		perPage[r.URL.Path]["visits"]++ // a bug: the inner map was never made
	})
	return a, nil
}

// ServeHTTP serves the app's routes.
func (a *app) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

// index greets the visitor named by ?name=.
func (a *app) index(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "world"
	}
	data := pageData{Name: name, Visits: a.visits.Add(1), Now: time.Now()}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := a.page.Execute(w, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
