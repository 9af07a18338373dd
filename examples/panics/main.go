// Command panics is a small web app whose handlers panic in several ways,
// served with net/http behind debugpage.Handler so that each panic becomes
// a traceback page. Run it and open the address it prints:
//
//	go run ./examples/panics
//
// It listens on $DEVSERVE_ADDR, else 127.0.0.1:$PORT, else the -addr flag
// (127.0.0.1:8080 by default; port 0 picks a free one).
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"

	"github.com/devserve/devserve/debugpage"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "panics:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	if a := os.Getenv("DEVSERVE_ADDR"); a != "" {
		*addr = a
	} else if p := os.Getenv("PORT"); p != "" {
		*addr = net.JoinHostPort("127.0.0.1", p)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Printf("serving on http://%s/\n", ln.Addr())
	return http.Serve(ln, debugpage.Handler(routes()))
}

// routes returns the app: an index and one route per kind of panic.
func routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", index)
	mux.HandleFunc("GET /index", func(w http.ResponseWriter, r *http.Request) {
		ids := []int{1, 2, 3}
		fmt.Fprintln(w, ids[len(r.URL.Query())+3])
	})
	mux.HandleFunc("GET /nil", func(w http.ResponseWriter, r *http.Request) {
		var s *Store
		fmt.Fprintln(w, s.User(7).Name)
	})
	mux.HandleFunc("GET /error", func(w http.ResponseWriter, r *http.Request) {
		store := NewStore()
		if _, err := store.Load(r.URL.Query().Get("id")); err != nil {
			panic(err)
		}
	})
	mux.HandleFunc("GET /value", func(w http.ResponseWriter, r *http.Request) {
		panic(Order{ID: 42, Items: []string{"tea", "scones"}, Total: 12.5})
	})
	mux.HandleFunc("GET /template", func(w http.ResponseWriter, r *http.Request) {
		page := template.Must(template.New("page").Funcs(template.FuncMap{
			"price": func(o *Order) string { return fmt.Sprintf("%.2f", o.Total) },
		}).Parse(`<p>Total: {{price .}}</p>`))
		var o *Order
		var buf bytes.Buffer
		if err := page.Execute(&buf, o); err != nil {
			panic(err)
		}
		buf.WriteTo(w)
	})
	mux.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			panic(err)
		}
		panic("cannot sign in " + r.PostForm.Get("user"))
	})
	mux.HandleFunc("GET /late", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat("a response already under way\n", 100))
		panic("too late for a page: the client sees a truncated response")
	})
	mux.HandleFunc("GET /goroutine", func(w http.ResponseWriter, r *http.Request) {
		done := make(chan error)
		go func() { done <- errors.New("worker failed") }()
		panic(fmt.Errorf("waiting for worker: %w", <-done))
	})
	return mux
}

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<title>panics</title>
<h1>Ways to panic</h1>
<ul>
<li><a href="/index">index out of range</a>
<li><a href="/nil">nil pointer dereference in a method</a>
<li><a href="/error?id=7">an error chain</a>
<li><a href="/value">a struct value</a>
<li><a href="/template">inside a template</a>
<li><a href="/late">after the response started</a>
<li><a href="/goroutine">an error from another goroutine</a>
<li><form method="post" action="/form"><input name="user" value="ann"><input name="password" type="password" value="hunter2"><button>a form post</button></form>
</ul>
`))

func index(w http.ResponseWriter, r *http.Request) {
	if err := indexPage.Execute(w, nil); err != nil {
		log.Print(err)
	}
}
