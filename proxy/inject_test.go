package proxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"
)

const testTag = "<script data-x></script>"

// chunkReader returns the bytes of s in pieces of the given sizes (the
// last size repeats), to exercise tags split across reads.
type chunkReader struct {
	s     []byte
	sizes []int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.s) == 0 {
		return 0, io.EOF
	}
	n := 1
	if len(c.sizes) > 0 {
		n = max(c.sizes[0], 1)
		if len(c.sizes) > 1 {
			c.sizes = c.sizes[1:]
		}
	}
	n = min(n, len(c.s), len(p))
	copy(p, c.s[:n])
	c.s = c.s[n:]
	return n, nil
}

func inject(t *testing.T, in string, sizes ...int) string {
	t.Helper()
	r := newInjectReader(io.NopCloser(&chunkReader{s: []byte(in), sizes: sizes}), []byte(testTag), nil)
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("inject(%q): %v", in, err)
	}
	return string(out)
}

func TestInjectPlacement(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"<html><head><title>x</title></head><body>hi</body></html>", "<html><head>" + testTag + "<title>x</title></head><body>hi</body></html>"},
		{`<!DOCTYPE html><HEAD lang="en"><meta></HEAD>`, `<!DOCTYPE html><HEAD lang="en">` + testTag + `<meta></HEAD>`},
		{"<header>no</header><body class=a>x", "<header>no</header>" + testTag + "<body class=a>x"},
		{"<body>first</body><head>late</head>", testTag + "<body>first</body><head>late</head>"},
		{"<p>fragment</p>", "<p>fragment</p>" + testTag},
		{"", testTag},
		{"<bodyguard><head\n>", "<bodyguard><head\n>" + testTag},
		{"<hea", "<hea" + testTag},
		{"<head", "<head" + testTag},
		{"a < b <head>", "a < b <head>" + testTag},
	}
	for _, tt := range tests {
		for _, size := range []int{1, 2, 3, 7, 1 << 20} {
			if got := inject(t, tt.in, size); got != tt.want {
				t.Errorf("inject(%q) in chunks of %d = %q, want %q", tt.in, size, got, tt.want)
			}
		}
	}
}

// TestInjectStreams checks that bytes before the insertion point are not
// held back: a reader that has seen the <head> tag returns it at once.
func TestInjectStreams(t *testing.T) {
	pr, pw := io.Pipe()
	r := newInjectReader(pr, []byte(testTag), nil)
	go func() {
		pw.Write([]byte("<html><head>"))
		// The test reads before writing more; the pipe blocks until then.
		pw.Write([]byte("<title>t</title>"))
		pw.Close()
	}()
	buf := make([]byte, 1024)
	n, err := r.Read(buf)
	if got, want := string(buf[:n]), "<html><head>"+testTag; got != want || err != nil {
		t.Fatalf("first Read = %q, %v, want %q, nil", got, err, want)
	}
	rest, err := io.ReadAll(r)
	if got, want := string(rest), "<title>t</title>"; got != want || err != nil {
		t.Fatalf("rest = %q, %v, want %q, nil", got, err, want)
	}
}

func TestInjectReaderContract(t *testing.T) {
	in := strings.Repeat("<div>x</div>", 5000) + "<head>" + strings.Repeat("y", 70000)
	r := newInjectReader(io.NopCloser(strings.NewReader(in)), []byte(testTag), nil)
	want := strings.Repeat("<div>x</div>", 5000) + "<head>" + testTag + strings.Repeat("y", 70000)
	if err := iotest.TestReader(r, []byte(want)); err != nil {
		t.Fatal(err)
	}
}

// FuzzInject checks that whatever the page and however it is split, the
// output is the page with the tag inserted exactly once.
func FuzzInject(f *testing.F) {
	for _, seed := range []string{
		"<html><head></head><body></body></html>",
		"<HEAD><BODY>",
		"<head attr='>'>",
		"<<<<head>",
		"<bod<body>",
		"text only",
		"<head" + strings.Repeat(" a", 3000) + ">",
	} {
		f.Add(seed, []byte{1, 2, 3})
	}
	f.Fuzz(func(t *testing.T, page string, sizes []byte) {
		ints := make([]int, len(sizes))
		for i, s := range sizes {
			ints[i] = int(s)
		}
		out := inject(t, page, ints...)
		if !insertedOnce(out, page, testTag) {
			t.Fatalf("inject(%q) = %q, want the page with %q inserted once", page, out, testTag)
		}
		if whole := inject(t, page, 1<<20); whole != out {
			t.Fatalf("inject(%q) depends on chunking: %q vs %q", page, out, whole)
		}
	})
}

// insertedOnce reports whether out is in with tag inserted at one place.
func insertedOnce(out, in, tag string) bool {
	if len(out) != len(in)+len(tag) {
		return false
	}
	for i := 0; i+len(tag) <= len(out); i++ {
		if out[i:i+len(tag)] == tag && out[:i]+out[i+len(tag):] == in {
			return true
		}
	}
	return false
}

func TestInjectWriter(t *testing.T) {
	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "text/html")
	rec.Header().Set("Content-Length", "99")
	w := &injectWriter{ResponseWriter: rec, tag: []byte(testTag)}
	io.WriteString(w, "<html><he")
	io.WriteString(w, "ad><p>x")
	w.close()
	if got, want := rec.Body.String(), "<html><head>"+testTag+"<p>x"; got != want {
		t.Errorf("injectWriter body = %q, want %q", got, want)
	}
	if got := rec.Header().Get("Content-Length"); got != "" {
		t.Errorf("injectWriter kept Content-Length %q", got)
	}
}

func TestIsHTML(t *testing.T) {
	tests := []struct {
		ct   string
		want bool
	}{
		{"text/html", true},
		{"text/html; charset=utf-8", true},
		{"Text/HTML ;charset=utf-8", true},
		{" text/html", true},
		{"text/htmlx", false},
		{"text/plain", false},
		{"", false},
		{"application/xhtml+xml", false},
	}
	for _, tt := range tests {
		h := http.Header{"Content-Type": {tt.ct}}
		if got := isHTML(h); got != tt.want {
			t.Errorf("isHTML(%q) = %v, want %v", tt.ct, got, tt.want)
		}
	}
}
