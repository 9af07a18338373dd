package proxy

import (
	_ "embed"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Paths devserve serves itself, before anything reaches the app.
const (
	ownPrefix  = "/__devserve/"
	eventsPath = ownPrefix + "events"
	scriptPath = ownPrefix + "livereload.js"
)

// liveReloadJS is the script every HTML page gets. It reloads the page
// when the generation the server announces is newer than the one the page
// was served at.
//
//go:embed livereload.js
var liveReloadJS string

// scriptTag returns the tag that loads the live-reload script into a page
// served at generation gen, with nonce (if any) so that a Content Security
// Policy that names it lets the script run.
func scriptTag(gen, nonce string) []byte {
	attr := ""
	if nonce != "" {
		attr = ` nonce="` + html.EscapeString(nonce) + `"`
	}
	return fmt.Appendf(nil, `<script src="%s" data-gen="%s"%s defer></script>`, scriptPath, html.EscapeString(gen), attr)
}

// serveScript serves the live-reload script.
func serveScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	io.WriteString(w, liveReloadJS)
}

// serveEvents streams the reload generation as server-sent events: the
// current one at once, then each new one, until the client goes away.
func (p *Proxy) serveEvents(w http.ResponseWriter, r *http.Request) {
	p.streams.Add(1)
	defer p.streams.Add(-1)
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, "retry: 1000\n\n")
	sent := ""
	for {
		st, changed := p.snapshot()
		if g := st.genString(); g != sent {
			if _, err := fmt.Fprintf(w, "event: gen\ndata: %s\n\n", g); err != nil {
				return
			}
			sent = g
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-changed:
		case <-r.Context().Done():
			return
		case <-time.After(30 * time.Second):
			io.WriteString(w, ": keep-alive\n\n")
		}
	}
}

// injectable reports whether resp, the app's answer to req, is a whole
// HTML page that should get the live-reload script.
func injectable(req *http.Request, resp *http.Response) bool {
	switch {
	case req.Method == http.MethodHead,
		resp.StatusCode < 200, resp.StatusCode == http.StatusNoContent, resp.StatusCode == http.StatusNotModified,
		req.Header.Get("HX-Request") != "":
		return false
	}
	switch req.Header.Get("Sec-Fetch-Dest") {
	case "", "document", "iframe", "frame":
	default:
		return false // fetch(), XHR and the like want the body as the app wrote it
	}
	return isHTML(resp.Header)
}

// isHTML reports whether h describes an HTML body: its media type is
// text/html, in any case, with or without parameters.
func isHTML(h http.Header) bool {
	ct := strings.TrimSpace(h.Get("Content-Type"))
	const html = "text/html"
	if len(ct) < len(html) || !strings.EqualFold(ct[:len(html)], html) {
		return false
	}
	rest := strings.TrimSpace(ct[len(html):])
	return rest == "" || rest[0] == ';'
}

// nonceRE finds a nonce source in a CSP directive.
var nonceRE = regexp.MustCompile(`'nonce-([A-Za-z0-9+/=_-]+)'`)

// cspNonce returns the nonce the Content-Security-Policy in h allows
// scripts with, or "" when there is none: from script-src-elem, else
// script-src, else default-src, as browsers look them up.
func cspNonce(h http.Header) string {
	directives := map[string]string{}
	for _, policy := range h.Values("Content-Security-Policy") {
		for d := range strings.SplitSeq(policy, ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
			name = strings.ToLower(name)
			if _, ok := directives[name]; !ok {
				directives[name] = value
			}
		}
	}
	for _, name := range []string{"script-src-elem", "script-src", "default-src"} {
		v, ok := directives[name]
		if !ok {
			continue
		}
		if m := nonceRE.FindStringSubmatch(v); m != nil {
			return m[1]
		}
		return ""
	}
	return ""
}
