package proxy

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/devserve/devserve/debugpage"
)

// TokenHeader carries a page's console token on each console request. A
// page on another origin cannot send it without a preflight, which the
// console never answers.
const TokenHeader = "X-Devserve-Token"

// moreLimits are the limits of a "load more" of a value the first
// limits cut.
var moreLimits = debugpage.Limits{String: 64 << 10, Elems: 1024, Depth: 6}

// EvalRequest is a console request: an expression to evaluate in a frame
// of the page's goroutine.
type EvalRequest struct {
	Frame int    `json:"frame"` // debugpage.FrameVars.Depth
	Expr  string `json:"expr"`
	More  bool   `json:"more,omitempty"` // load with larger limits, for a value the first ones cut
}

// EvalAnswer is the console's answer: the value, drawn as the page draws
// locals, or why there is none.
type EvalAnswer struct {
	Value    *debugpage.Var `json:"value,omitempty"`
	HTML     string         `json:"html,omitempty"`
	Error    string         `json:"error,omitempty"`
	Released bool           `json:"released,omitempty"` // the goroutine is no longer parked
	PIN      bool           `json:"pin,omitempty"`      // the console asks for its PIN first
}

// ServeHTTP serves the console of the pages that show a parked
// goroutine: POST eval evaluates an expression in one of its frames,
// POST release lets it go on (the page sends it when it goes away). The
// caller checks the Host and that the client is trusted.
func (x *Inspection) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		answer(w, http.StatusMethodNotAllowed, EvalAnswer{Error: "the console takes POST requests"})
		return
	}
	switch strings.TrimPrefix(r.URL.Path, InspectPrefix) {
	case "eval":
		if x.PIN != nil && !x.PIN.allows(r) {
			answer(w, http.StatusUnauthorized, EvalAnswer{PIN: true, Error: "enter the console PIN that devserve printed in its terminal"})
			return
		}
		x.serveEval(w, r)
	case "pin":
		if x.PIN == nil {
			http.NotFound(w, r)
			return
		}
		x.PIN.serveUnlock(w, r)
	case "release":
		x.serveRelease(w, r)
	default:
		http.NotFound(w, r)
	}
}

// serveEval evaluates a console request's expression.
func (x *Inspection) serveEval(w http.ResponseWriter, r *http.Request) {
	pk, status, ans := x.parkOf(r.Header.Get(TokenHeader))
	if pk == nil {
		answer(w, status, ans)
		return
	}
	var req EvalRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&req); err != nil {
		answer(w, http.StatusBadRequest, EvalAnswer{Error: "the console's request is not JSON: " + err.Error()})
		return
	}
	lim := debugpage.Limits{}
	if req.More {
		lim = moreLimits
	}
	v, err := x.Inspector.Eval(r.Context(), pk.pid, pk.gid, req.Frame, req.Expr, lim)
	if err != nil {
		answer(w, http.StatusUnprocessableEntity, EvalAnswer{Error: err.Error()})
		return
	}
	vs := []debugpage.Var{v}
	scrub(vs, x.secrets())
	v = vs[0]
	var html bytes.Buffer
	_ = debugpage.WriteVarHTML(&html, &v)
	answer(w, http.StatusOK, EvalAnswer{Value: &v, HTML: html.String()})
}

// serveRelease releases the goroutine of the token in the body: the
// page went away. It is sent with navigator.sendBeacon, which sets no
// header of its own.
func (x *Inspection) serveRelease(w http.ResponseWriter, r *http.Request) {
	token, _ := io.ReadAll(io.LimitReader(r.Body, 256))
	if pk, _, _ := x.parkOf(strings.TrimSpace(string(token))); pk != nil {
		x.releasePark(pk, "the page was closed")
	}
	w.WriteHeader(http.StatusNoContent)
}

// parkOf returns the goroutine parked for token, marking it used, or the
// status and answer that say why there is none.
func (x *Inspection) parkOf(token string) (*park, int, EvalAnswer) {
	pk, why := x.find(token)
	switch {
	case pk != nil:
		select {
		case pk.touched <- struct{}{}:
		default:
		}
		return pk, 0, EvalAnswer{}
	case why != "":
		return nil, http.StatusGone, EvalAnswer{Released: true,
			Error: "this page's frames were released (" + why + "): the goroutine went on; a new panic parks a new one"}
	}
	return nil, http.StatusForbidden, EvalAnswer{Error: "no page has this console token"}
}

// answer writes a console answer.
func answer(w http.ResponseWriter, status int, ans EvalAnswer) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(ans)
}

// serveInspect serves the console to trusted clients.
func (p *Proxy) serveInspect(w http.ResponseWriter, r *http.Request) {
	if !p.trust().Trusted(r) {
		answer(w, http.StatusForbidden, EvalAnswer{Error: "the console answers trusted clients only (--trust)"})
		return
	}
	p.Inspect.ServeHTTP(w, r)
}
