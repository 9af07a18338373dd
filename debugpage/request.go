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
