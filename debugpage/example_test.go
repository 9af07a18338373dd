package debugpage_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/devserve/devserve/debugpage"
)

// A handler wrapped by Handler answers a panic with a traceback: a page
// for browsers, JSON for API clients, and text like this for the rest.
// Only clients on this machine (or trusted by Debugger.Trust) see it.
func ExampleHandler() {
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		names := []string{"gopher"}
		fmt.Fprintln(w, names[len(r.URL.Path)]) // "/" has length 1: out of range
	})
	h := debugpage.Handler(app)

	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "http://localhost:8080/", nil)
	r.RemoteAddr = "127.0.0.1:50000"
	h.ServeHTTP(w, r)
	first, _, _ := strings.Cut(w.Body.String(), "\n")
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	fmt.Println(first)
	// Output:
	// 500 text/plain; charset=utf-8
	// panic: runtime error: index out of range [1] with length 1
}

// ParseCrash turns what a crashed program printed into a Report.
func ExampleParseCrash() {
	output := `2026/01/02 15:04:05 listening on :8080
panic: open config.toml: no such file or directory

goroutine 1 [running]:
main.main()
	/home/gopher/app/main.go:21 +0x1d
exit status 2
`
	rep := debugpage.ParseCrash([]byte(output))
	f := rep.Sections[0].Frames[0]
	fmt.Println(rep.Kind, rep.Title)
	fmt.Println(rep.Sections[0].Title, f.Function, f.Line, f.Kind)
	// Output:
	// crash panic: open config.toml: no such file or directory
	// goroutine 1 [running] main.main 21 app
}
