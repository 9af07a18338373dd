package debugpage

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// masked replaces the value of a field whose name looks secret.
const masked = "•••••• (masked)"

// secretWords are the name fragments that mark a value as secret.
var secretWords = [...]string{"token", "secret", "passw", "key", "session", "auth"}

// NewRequest describes r for a Report, with the values of secret-looking
// headers, query parameters, cookies and form fields masked (and the
// password of the URL's user info). It reads nothing a handler did not:
// the form is listed only if it was already parsed.
func NewRequest(r *http.Request) *Request {
	return &Request{
		Method:     r.Method,
		URL:        fullURL(r),
		Proto:      r.Proto,
		RemoteAddr: r.RemoteAddr,
		Header:     headerFields(r.Header),
		Query:      valueFields(r.URL.Query()),
		Cookies:    cookieFields(r.Cookies()),
		Form:       formFields(r),
	}
}

// proxyFields are the header fields a supervisor's proxy sets in the
// requests it forwards, in place of any the client sent.
var proxyFields = [...]string{"X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", ForwardedHeader}

// requestAsSent describes r as its client sent it. For a request that
// came through a supervisor's proxy (p.vouched), the proxy's own header
// fields are left out, the client is the one the proxy vouched for, and
// the URL has the scheme and host the client used, from
// X-Forwarded-Proto and X-Forwarded-Host, which the proxy always sets.
// The Accept-Encoding the proxy may have put in the client's stead is
// shown as the app received it: the client's own is not passed on.
func requestAsSent(r *http.Request, p peer) *Request {
	if !p.vouched {
		return NewRequest(r)
	}
	sent := r.Clone(r.Context())
	if proto := r.Header.Get("X-Forwarded-Proto"); proto == "http" || proto == "https" {
		sent.URL.Scheme = proto
	}
	if host := r.Header.Get("X-Forwarded-Host"); host != "" {
		sent.Host, sent.URL.Host = host, ""
	}
	for _, k := range proxyFields {
		sent.Header.Del(k)
	}
	req := NewRequest(sent)
	if p.client.IsValid() {
		req.RemoteAddr = p.client.String()
	}
	return req
}

// isSecret reports whether a header, query, form or cookie name looks like
// it names a secret.
func isSecret(name string) bool {
	n := strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// alwaysMasked lists the headers whose values are masked whatever their
// name says.
func alwaysMasked(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", ForwardedHeader:
		return true
	}
	return isSecret(name)
}

func headerFields(h http.Header) []Field {
	var out []Field
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			out = append(out, field(k, v, alwaysMasked(k)))
		}
	}
	return out
}

func valueFields(v url.Values) []Field {
	var out []Field
	for _, k := range slices.Sorted(maps.Keys(v)) {
		for _, x := range v[k] {
			out = append(out, field(k, x, isSecret(k)))
		}
	}
	return out
}

func cookieFields(cs []*http.Cookie) []Field {
	out := make([]Field, 0, len(cs))
	for _, c := range cs {
		out = append(out, field(c.Name, c.Value, isSecret(c.Name)))
	}
	return out
}

// formFields lists the body's form values, only if the handler parsed the
// form (r.PostForm or r.MultipartForm set); query values are listed apart.
func formFields(r *http.Request) []Field {
	if r.MultipartForm != nil {
		return valueFields(r.MultipartForm.Value)
	}
	if r.PostForm != nil {
		return valueFields(r.PostForm)
	}
	return nil
}

func field(name, value string, secret bool) Field {
	if secret && value != "" {
		return Field{Name: name, Value: masked, Masked: true}
	}
	return Field{Name: name, Value: value}
}

// fullURL returns the URL the client asked for, with the password of any
// user info and secret-looking query values masked.
func fullURL(r *http.Request) string {
	u := *r.URL
	if u.Host == "" {
		u.Host = r.Host
	}
	if u.Scheme == "" {
		u.Scheme = "http"
		if r.TLS != nil {
			u.Scheme = "https"
		}
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "masked")
		}
	}
	q := u.Query()
	changed := false
	for k, vs := range q {
		if isSecret(k) {
			for i := range vs {
				vs[i], changed = "masked", true
			}
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}
