package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// pagesResult is what the pages benchmark measured: the debug page of a
// panic about 40 frames deep, drawn by the middleware.
type pagesResult struct {
	frames     int
	first      []time.Duration // the first page drawn by each of a few new processes
	cold, warm []time.Duration // each by a new Debugger; again by the same one
	size       int
}

// runPages prints the pages figures.
func runPages(args []string) error {
	fs := flag.NewFlagSet("pages", flag.ContinueOnError)
	n := fs.Int("n", 20, "pages drawn cold and warm")
	procs := fs.Int("procs", 7, "new processes that each draw their first page")
	if err := fs.Parse(args); err != nil {
		return err
	}
	res, err := measurePages(*n, *procs)
	if err != nil {
		return err
	}
	return printText(os.Stdout, []section{res.section()})
}

// measurePages draws the page of a deep panic: as the first page of each
// of procs new processes, then n times by a new Debugger each (an empty
// source cache), then n times by one Debugger that has drawn it before.
func measurePages(n, procs int) (*pagesResult, error) {
	res := &pagesResult{}
	var err error
	for range procs {
		d, err := firstPageOfProcess()
		if err != nil {
			return nil, err
		}
		res.first = append(res.first, d)
	}
	if _, res.size, err = drawPage(newDebugger(), "text/html"); err != nil {
		return nil, err
	}
	for range n {
		d, _, err := drawPage(newDebugger(), "text/html")
		if err != nil {
			return nil, err
		}
		res.cold = append(res.cold, d)
	}
	h := newDebugger()
	for i := range n + 1 {
		d, _, err := drawPage(h, "text/html")
		if err != nil {
			return nil, err
		}
		if i > 0 {
			res.warm = append(res.warm, d)
		}
	}
	res.frames, err = countFrames(h)
	return res, err
}

// firstPageOfProcess runs this program anew to draw the page once, as
// the first thing it does, and returns how long that took.
func firstPageOfProcess() (time.Duration, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	out, err := exec.Command(exe, "firstpage").Output()
	if err != nil {
		return 0, fmt.Errorf("pages: a new process drawing its first page: %w", err)
	}
	return time.ParseDuration(strings.TrimSpace(string(out)))
}

// runFirstPage draws the page once and prints how long it took: the
// first page of a process, for measurePages.
func runFirstPage([]string) error {
	d, _, err := drawPage(newDebugger(), "text/html")
	if err != nil {
		return err
	}
	fmt.Println(d)
	return nil
}

// newDebugger returns the middleware around a handler that panics deep
// in a recursion, with its log discarded, trusting loopback clients as
// its default does whatever the environment says.
func newDebugger() http.Handler {
	d := &debugpage.Debugger{Log: log.New(io.Discard, "", 0), Trust: &debugpage.Trust{}}
	return d.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, alpha(11))
	}))
}

// alpha, beta and gamma call each other 3n times, then index out of
// range: a panic about 40 frames deep with the handler's.
func alpha(n int) int {
	if n == 0 {
		var deep []int
		return deep[n]
	}
	return beta(n) + 1
}

func beta(n int) int { return gamma(n) + 1 }

func gamma(n int) int { return alpha(n-1) + 1 }

// drawPage requests a page of h, accepting accept, as a browser on the
// same machine does, and returns how long the panic took to become the
// page, and the page's size.
func drawPage(h http.Handler, accept string) (time.Duration, int, error) {
	req := localRequest("/deep?q=1", accept)
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, req)
	took := time.Since(start)
	if rec.Code != http.StatusInternalServerError {
		return 0, 0, fmt.Errorf("pages: the debug page's status is %d, want 500", rec.Code)
	}
	return took, rec.Body.Len(), nil
}

// localRequest returns a GET request for target accepting accept, from a
// loopback client to localhost, whom the debugger shows its pages.
func localRequest(target, accept string) *http.Request {
	req := httptest.NewRequest("GET", "http://localhost:8080"+target, nil)
	req.RemoteAddr = "127.0.0.1:50000"
	req.Header.Set("Accept", accept)
	return req
}

// countFrames returns the frames of the failing goroutine, from the
// page's JSON form.
func countFrames(h http.Handler) (int, error) {
	req := localRequest("/deep", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var rep debugpage.Report
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		return 0, fmt.Errorf("pages: the JSON form: %w", err)
	}
	if len(rep.Sections) == 0 {
		return 0, fmt.Errorf("pages: the JSON form has no stack")
	}
	return len(rep.Sections[0].Frames), nil
}

// section returns the rows of the pages figures.
func (res *pagesResult) section() section {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
	first, cold, warm := percentile(res.first, 50), percentile(res.cold, 50), percentile(res.warm, 50)
	return section{
		name:  "pages",
		about: fmt.Sprintf("panic → debug page (HTML) through the middleware, %d frames", res.frames),
		rows: []row{
			{figure: fmt.Sprintf("first page of a process (templates, highlighter, sources), median of %d processes", len(res.first)), value: ms(first), target: "≤ 20 ms", met: check(first <= 20*time.Millisecond)},
			{figure: fmt.Sprintf("cold: a new Debugger each time, median of %d", len(res.cold)), value: ms(cold), target: "≤ 20 ms", met: check(cold <= 20*time.Millisecond)},
			{figure: fmt.Sprintf("warm: the same Debugger again, median of %d", len(res.warm)), value: ms(warm), target: "≤ 5 ms", met: check(warm <= 5*time.Millisecond)},
			{figure: "page size", value: fmt.Sprintf("%d bytes", res.size)},
		},
	}
}
