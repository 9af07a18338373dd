package proxy

import (
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/devserve/devserve/debugpage"
)

// This file is the proxy's one header policy: what a request forwarded to
// the app carries. Both forwarding paths call it, forwardPlain writing the
// fields itself and the reverse proxy's Rewrite setting them, so that the
// app sees the same request whichever path it came by.

// field is one header field the proxy sets.
type field struct{ k, v string }

// forwarded holds the header fields the proxy sets itself in a request it
// forwards: X-Forwarded-For, -Host and -Proto, the header that vouches
// for the client to the app's debugger, and, for a page that is to carry
// the live-reload script, the Accept-Encoding it may be sent in. The
// client's own copies of those are never passed on.
type forwarded struct {
	fields  [5]field
	n       int
	limitAE bool // the client's Accept-Encoding is replaced, by a field or by none
}

// forwarded returns the fields the proxy sets in the request it forwards
// for r.
func (p *Proxy) forwarded(r *http.Request) forwarded {
	var f forwarded
	if ip, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		f.add("X-Forwarded-For", ip)
	}
	f.add("X-Forwarded-Host", r.Host)
	if r.TLS != nil {
		f.add("X-Forwarded-Proto", "https")
	} else {
		f.add("X-Forwarded-Proto", "http")
	}
	if v := debugpage.ForwardedValue(r, p.Secret); v != "" {
		f.add(debugpage.ForwardedHeader, v)
	}
	if !p.NoReload {
		ae, limit := limitedEncoding(r)
		f.limitAE = limit
		if limit && ae != "" {
			f.add("Accept-Encoding", ae)
		}
	}
	return f
}

// add appends a field.
func (f *forwarded) add(k, v string) {
	f.fields[f.n] = field{k, v}
	f.n++
}

// list returns the fields, to be sent after the client's.
func (f *forwarded) list() []field { return f.fields[:f.n] }

// replaces reports whether the client's header k is left out because the
// proxy sets it itself (or drops it: an Accept-Encoding the live-reload
// script could not be put through).
func (f *forwarded) replaces(k string) bool {
	switch k {
	case "Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", debugpage.ForwardedHeader:
		return true
	case "Accept-Encoding":
		return f.limitAE
	}
	return false
}

// set applies the fields to h, a copy of the client's header from which
// httputil.ReverseProxy has removed the hop-by-hop fields.
func (f *forwarded) set(h http.Header) {
	for k := range h {
		if f.replaces(k) {
			delete(h, k)
		}
	}
	for _, fl := range f.list() {
		h[fl.k] = []string{fl.v}
	}
}

// requestTarget returns the target of r's request line as the client sent
// it, so that the app sees the path and query byte for byte.
func requestTarget(r *http.Request) string {
	if strings.HasPrefix(r.RequestURI, "/") {
		return r.RequestURI
	}
	return r.URL.RequestURI() // absolute form, "*", or a request not from a server
}

// setTarget makes u, the URL of a request to the app, send target in its
// request line as it is, instead of the path and query re-encoded.
func setTarget(u *url.URL, target string) {
	if strings.HasPrefix(target, "//") {
		return // an opaque URL cannot start so: keep the re-encoded form
	}
	path, query, hasQuery := strings.Cut(target, "?")
	u.Opaque, u.RawQuery, u.ForceQuery = path, query, hasQuery && query == ""
}

// hopByHop reports whether the header k belongs to one connection only:
// one of those RFC 9110 names, or one its Connection header conn names.
func hopByHop(k string, conn []string) bool {
	switch k {
	case "Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate",
		"Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade":
		return true
	}
	return hasToken(conn, k)
}

// hasToken reports whether the comma-separated header values vv hold
// token, in any case.
func hasToken(vv []string, token string) bool {
	for _, v := range vv {
		for t := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}
