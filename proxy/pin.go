package proxy

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	// pinCookie holds the proof that a browser was given the PIN.
	pinCookie = "__devserve_console"
	// pinLifetime is how long that proof holds.
	pinLifetime = 7 * 24 * time.Hour
	// maxPINFailures is the wrong PINs that lock the console until
	// devserve restarts.
	maxPINFailures = 10
)

// PIN guards the console on a shared machine, as the PIN of Werkzeug's
// debugger does: a console request needs a cookie that a browser gets by
// giving the PIN devserve printed in its terminal, valid for 7 days and
// across restarts with the same PIN. After 10 wrong PINs, counted one at
// a time however many come at once, the console refuses every PIN until
// devserve restarts. Its zero value is not usable: set Value.
type PIN struct {
	// Value is the PIN, digits, with or without dashes.
	Value string

	mu       sync.Mutex // guards failures
	failures int
}

// allows reports whether r carries a valid proof of the PIN.
func (p *PIN) allows(r *http.Request) bool {
	c, err := r.Cookie(pinCookie)
	if err != nil {
		return false
	}
	exp, mac, ok := strings.Cut(c.Value, ".")
	t, err := strconv.ParseInt(exp, 10, 64)
	if !ok || err != nil || time.Now().Unix() > t {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(mac), []byte(p.mac(exp))) == 1
}

// mac returns the proof of the PIN for a cookie expiring at exp.
func (p *PIN) mac(exp string) string {
	m := hmac.New(sha256.New, []byte(digits(p.Value)))
	m.Write([]byte("devserve console " + exp))
	return hex.EncodeToString(m.Sum(nil))
}

// try checks a PIN given, counting a wrong one, and reports whether it
// is right and whether the console is locked.
func (p *PIN) try(given string) (ok, locked bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failures >= maxPINFailures {
		return false, true
	}
	if subtle.ConstantTimeCompare([]byte(digits(given)), []byte(digits(p.Value))) == 1 {
		return true, false
	}
	p.failures++
	return false, p.failures >= maxPINFailures
}

// serveUnlock answers POST pin {"pin": "..."}: a right PIN gets the
// cookie.
func (p *PIN) serveUnlock(w http.ResponseWriter, r *http.Request) {
	var req struct {
		PIN string `json:"pin"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<10)).Decode(&req); err != nil {
		answer(w, http.StatusBadRequest, EvalAnswer{Error: "the PIN request is not JSON: " + err.Error()})
		return
	}
	ok, locked := p.try(req.PIN)
	switch {
	case locked:
		answer(w, http.StatusForbidden, EvalAnswer{Error: "the console is locked after 10 wrong PINs; restart devserve to unlock it"})
	case !ok:
		answer(w, http.StatusForbidden, EvalAnswer{PIN: true, Error: "wrong PIN"})
	default:
		exp := strconv.FormatInt(time.Now().Add(pinLifetime).Unix(), 10)
		http.SetCookie(w, &http.Cookie{Name: pinCookie, Value: exp + "." + p.mac(exp), Path: ownPrefix,
			MaxAge: int(pinLifetime / time.Second), HttpOnly: true, SameSite: http.SameSiteStrictMode})
		answer(w, http.StatusOK, EvalAnswer{})
	}
}

// digits returns the digits of s: a PIN may be typed with dashes.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// FormatPIN writes nine digits as 123-456-789.
func FormatPIN(pin string) string {
	d := digits(pin)
	if len(d) != 9 {
		return pin
	}
	return d[:3] + "-" + d[3:6] + "-" + d[6:]
}
