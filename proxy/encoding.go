package proxy

import (
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/devserve/devserve/debugpage"
)

// limitedEncoding returns the Accept-Encoding a request for a page is
// forwarded with ("" for none), and whether it differs from r's: at most
// gzip, which addScript can decode, so that an app that compresses with
// brotli or zstd still serves pages that can carry the live-reload script.
// Other requests (scripts, styles, fetch calls) are left alone.
func limitedEncoding(r *http.Request) (ae string, ok bool) {
	ae = r.Header.Get("Accept-Encoding")
	if ae == "" || !wantsPage(r) {
		return ae, false
	}
	if acceptsGzip(ae) {
		return "gzip", true
	}
	return "", true
}

// wantsPage reports whether r asks for a page a browser would show.
func wantsPage(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Dest") {
	case "document", "iframe", "frame":
		return true
	case "":
		return debugpage.WantsHTML(r)
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding value allows gzip.
func acceptsGzip(ae string) bool {
	for part := range strings.SplitSeq(ae, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "x-gzip" && coding != "*" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			q, _ = strconv.ParseFloat(strings.TrimSpace(v), 64)
		}
		return q > 0
	}
	return false
}

// addScript makes resp, if it is an HTML page, carry the live-reload
// script of generation gen. Gzipped pages are decompressed on the fly;
// pages in other encodings are left alone. The page's validators go, so
// that a browser never reuses a copy that carries an older generation.
func addScript(resp *http.Response, gen string) {
	if resp.Request == nil || !injectable(resp.Request, resp) {
		return
	}
	body := resp.Body
	var extra io.Closer
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return // not gzip after all: pass it on as it is
		}
		body, extra = zr, body
	default:
		return
	}
	resp.Body = newInjectReader(body, scriptTag(gen, cspNonce(resp.Header)), extra)
	resp.ContentLength = -1
	for _, k := range []string{"Content-Length", "Content-Encoding", "ETag", "Last-Modified"} {
		resp.Header.Del(k)
	}
}

// injectWriter is a ResponseWriter that adds the live-reload script to
// the HTML written through it; close must be called at the end.
type injectWriter struct {
	http.ResponseWriter
	tag         []byte
	ins         *inserter // nil when the body is not HTML
	wroteHeader bool
}

// WriteHeader implements http.ResponseWriter.
func (w *injectWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	if isHTML(w.Header()) && code >= 200 && code != http.StatusNoContent && code != http.StatusNotModified {
		w.ins = &inserter{tag: w.tag}
		w.Header().Del("Content-Length")
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write implements http.ResponseWriter.
func (w *injectWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if w.ins == nil {
		return w.ResponseWriter.Write(b)
	}
	if _, err := w.ResponseWriter.Write(w.ins.next(b)); err != nil {
		return 0, err
	}
	return len(b), nil
}

// close writes what the inserter still holds.
func (w *injectWriter) close() error {
	if w.ins == nil {
		return nil
	}
	_, err := w.ResponseWriter.Write(w.ins.end())
	return err
}

// Unwrap returns the wrapped ResponseWriter, for http.ResponseController.
func (w *injectWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
