package proxy

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The agents' endpoints.
const (
	mcpPath   = ownPrefix + "mcp"
	apiPrefix = ownPrefix + "api/"
)

// serveMCP serves the MCP endpoint, by Proxy.MCP, to the clients that may see
// devserve's pages, from no web page but this proxy's own.
func (p *Proxy) serveMCP(w http.ResponseWriter, r *http.Request) {
	if !p.agentAllowed(w, r) {
		return
	}
	if p.MCP == nil {
		writeAPIError(w, http.StatusNotFound, "devserve: no MCP server here; the JSON API is under "+apiPrefix)
		return
	}
	p.MCP.ServeHTTP(w, r)
}

// serveAPI serves the JSON API under /__devserve/api/.
func (p *Proxy) serveAPI(w http.ResponseWriter, r *http.Request) {
	if !p.agentAllowed(w, r) {
		return
	}
	name := strings.TrimPrefix(r.URL.Path, apiPrefix)
	method := http.MethodGet
	if name == "restart" {
		method = http.MethodPost
	}
	if r.Method != method && !(method == http.MethodGet && r.Method == http.MethodHead) {
		w.Header().Set("Allow", method)
		writeAPIError(w, http.StatusMethodNotAllowed, "devserve: "+name+" wants "+method)
		return
	}
	q := r.URL.Query()
	switch name {
	case "status":
		result(w)(p.Status(r.Context()))
	case "wait":
		if d, ok := durationParam(w, q, "timeout"); ok {
			result(w)(p.Await(r.Context(), d))
		}
	case "errors":
		if n, ok := intParam(w, q, "panics"); ok {
			result(w)(p.Errors(r.Context(), n))
		}
	case "logs":
		if lq, ok := logQuery(w, q); ok {
			result(w)(p.Logs(r.Context(), lq))
		}
	case "restart":
		if !p.tokenOK(r) {
			writeAPIError(w, http.StatusForbidden, "devserve: restart needs the token of this run in an Authorization: Bearer header")
			return
		}
		if d, ok := durationParam(w, q, "timeout"); ok {
			result(w)(p.Restart(r.Context(), d))
		}
	default:
		writeAPIError(w, http.StatusNotFound, "devserve: no API "+strconv.Quote(name)+" (want status, wait, errors, logs or restart)")
	}
}

// logQuery reads ?lines=N&cursor=C, or answers with a 400.
func logQuery(w http.ResponseWriter, q url.Values) (LogQuery, bool) {
	var lq LogQuery
	n, ok := intParam(w, q, "lines")
	if !ok {
		return lq, false
	}
	lq.Lines = n
	if s := q.Get("cursor"); s != "" {
		c, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			writeAPIError(w, http.StatusBadRequest, "devserve: cursor: want a number, got "+strconv.Quote(s))
			return lq, false
		}
		lq.Cursor = &c
	}
	return lq, true
}

// result returns a function that writes a result, or its error, as
// JSON.
func result(w http.ResponseWriter) func(any, error) {
	return func(v any, err error) {
		switch {
		case errors.Is(err, ErrNoRestart):
			writeAPIError(w, http.StatusNotImplemented, err.Error())
		case err != nil:
			writeAPIError(w, http.StatusInternalServerError, err.Error())
		default:
			writeJSON(w, http.StatusOK, v)
		}
	}
}

// writeAPIError writes {"error": msg}.
func writeAPIError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, struct {
		Error string `json:"error"`
	}{msg})
}

// writeJSON writes v as the JSON response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// durationParam reads a timeout, a Go duration ("90s") or seconds
// ("90"), or answers with a 400.
func durationParam(w http.ResponseWriter, q url.Values, name string) (time.Duration, bool) {
	s := q.Get(name)
	if s == "" {
		return 0, true
	}
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		return time.Duration(secs * float64(time.Second)), true
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		writeAPIError(w, http.StatusBadRequest, "devserve: "+name+": want seconds or a duration such as 90s, got "+strconv.Quote(s))
		return 0, false
	}
	return d, true
}

// intParam reads a count, or answers with a 400.
func intParam(w http.ResponseWriter, q url.Values, name string) (int, bool) {
	s := q.Get(name)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		writeAPIError(w, http.StatusBadRequest, "devserve: "+name+": want a number, got "+strconv.Quote(s))
		return 0, false
	}
	return n, true
}

// agentAllowed reports whether r may use the agents' endpoints, and
// answers it with a 403 if not: its client must be one that may see
// devserve's pages, and it must come from no web page, or from one of
// this proxy's own origin, as the MCP specification asks (a page
// elsewhere must not drive the agents' tools). The Host was checked
// before.
func (p *Proxy) agentAllowed(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case !p.trust().Trusted(r):
		writeAPIError(w, http.StatusForbidden, "devserve: the agents' API answers clients on this machine and those --trust names only")
	case !sameOrigin(r):
		writeAPIError(w, http.StatusForbidden, "devserve: the agents' API refuses requests from web pages of other origins")
	default:
		return true
	}
	return false
}

// sameOrigin reports whether r comes from no web page, or from one of
// the origin it is sent to, as the browser tells in Sec-Fetch-Site and
// Origin. An Origin of "null" (a sandboxed or file page) is foreign.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
}

// MayChange reports whether r, a request of an agent that the proxy let
// through, may change something (restart): it carries the run's token, or
// it comes from a loopback client (and, as every request of an agent,
// from no foreign web page). Clients let in by --trust need the token.
func (p *Proxy) MayChange(r *http.Request) bool {
	if p.tokenOK(r) {
		return true
	}
	client, _ := p.trust().Peer(r)
	return client.IsLoopback()
}

// tokenOK reports whether r carries Token in an Authorization: Bearer
// header.
func (p *Proxy) tokenOK(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && p.Token != "" && subtle.ConstantTimeCompare([]byte(got), []byte(p.Token)) == 1
}
