package proxy

import (
	"html"
	"html/template"
	"io"
	"net/http"
	"time"

	"github.com/devserve/devserve/templates"
)

// waitingPageAfter is how long a browser's request for a page waits for
// the app before the waiting page answers it instead.
const waitingPageAfter = time.Second

// maxOutputLines bounds the lines of build output the proxy keeps.
const maxOutputLines = 500

// getsWaitingPage reports whether r, held while the app is on its way,
// is answered with the waiting page after waitingPageAfter: a browser's
// GET of a page, where other requests are simply held.
func getsWaitingPage(r *http.Request) bool {
	return r.Method == http.MethodGet && r.Header.Get("HX-Request") == "" && wantsPage(r)
}

// waitingView is what the head of the waiting page shows.
type waitingView struct {
	Heading string
	Elapsed int    // seconds since the wait began
	Gen     string // the live-reload generation
	CSS     string // the URL of the debug page's stylesheet
}

// waitingHead is the waiting page up to the build output, which streams
// after it. The page needs no script: it ends, with a refresh, once the
// app is ready or cannot be; a script only counts the seconds.
var waitingHead = template.Must(template.New("waiting").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{.Heading}} · devserve</title>
<link rel="stylesheet" href="{{.CSS}}">
<script src="` + scriptPath + `" data-gen="{{.Gen}}" async></script>
</head>
<body class="kind-build">
<header class="top">
<div class="badge">devserve <span class="time">waiting for <time id="elapsed" data-elapsed="{{.Elapsed}}">{{.Elapsed}}s</time></span></div>
<h1 id="title">{{.Heading}}</h1>
<pre class="message">This page follows the build and shows the app as soon as it accepts connections.</pre>
</header>
<script>(() => {
  const t = document.getElementById("elapsed"), start = Date.now() - 1000 * Number(t.dataset.elapsed);
  setInterval(() => { t.textContent = Math.floor((Date.now() - start) / 1000) + "s"; }, 1000);
})();</script>
<main>
<details class="output" open><summary><h2>Build output</h2></summary>
<pre id="output">`))

// serveWaitingPage answers r, a browser's request for a page held while
// the app is built or started, with a page that shows how long it has
// waited and streams the build's output (to trusted clients only) until
// the app is ready or cannot be, or until the proxy's Wait; then the page
// ends, saying why, and refreshes itself, to show what comes.
func (p *Proxy) serveWaitingPage(w http.ResponseWriter, r *http.Request, deadline time.Time) {
	if !p.hostAllowed(w, r) {
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Retry-After", "1")
	w.WriteHeader(http.StatusServiceUnavailable)
	st, changed := p.snapshot()
	if err := waitingHead.Execute(w, p.waitingView(st)); err != nil {
		return
	}
	if st = p.follow(w, r, st, changed, deadline); st == nil {
		return
	}
	io.WriteString(w, "</pre></details>\n<p class=\"exit\"><strong>"+waitingOutcome(st)+"</strong></p>\n"+
		"<meta http-equiv=\"refresh\" content=\"0\">\n</main>\n</body>\n</html>\n")
}

// follow writes the build output of st, and of every state after it, to
// w as it comes (if r's client is trusted with it), until the app is ready
// or cannot be, or until deadline. It returns the last state seen, or nil
// if the client went away.
func (p *Proxy) follow(w http.ResponseWriter, r *http.Request, st *state, changed <-chan struct{}, deadline time.Time) *state {
	show := p.trust().Trusted(r)
	rc := http.NewResponseController(w)
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	sent := st.outputN - len(st.output)
	for {
		if show {
			sent = writeOutput(w, st, sent)
		}
		if st.phase != phaseWaiting {
			return st
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
		select {
		case <-changed:
			st, changed = p.snapshot()
		case <-timer.C:
			return st
		case <-r.Context().Done():
			return nil
		}
	}
}

// waitingView returns what the waiting page shows of st.
func (p *Proxy) waitingView(st *state) waitingView {
	v := waitingView{Heading: "Starting the app…", Gen: st.genString(), CSS: ownPrefix + "debug.css?v=" + templates.Version()}
	if st.building {
		v.Heading = "Building the app…"
	}
	if !st.since.IsZero() {
		v.Elapsed = int(time.Since(st.since).Seconds())
	}
	return v
}

// writeOutput writes the lines of st's build output from the one numbered
// sent on, and returns the number of the next.
func writeOutput(w io.Writer, st *state, sent int) int {
	first := st.outputN - len(st.output)
	for _, line := range st.output[max(sent-first, 0):] {
		io.WriteString(w, html.EscapeString(line)+"\n")
	}
	return st.outputN
}

// waitingOutcome says how the wait the waiting page showed ended.
func waitingOutcome(st *state) string {
	switch st.phase {
	case phaseReady:
		return "The app is ready."
	case phaseBuildFailed:
		return "The build failed. devserve waits for the next save."
	case phaseCrashed:
		return "The app crashed. devserve waits for the next save."
	case phaseNotListening:
		return "The app does not accept connections where devserve expects it."
	}
	return "Still waiting."
}
