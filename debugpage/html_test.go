package debugpage_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// node is an element of a parsed page.
type node struct {
	tag      string
	attrs    map[string]string
	children []*node
	text     strings.Builder // all text inside, descendants included
	parent   *node
}

// parseHTML parses a page with encoding/xml in its lenient HTML mode,
// which is enough for the well-formed output of html/template.
func parseHTML(t *testing.T, page string) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(page))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	root := &node{tag: "#root", attrs: map[string]string{}}
	cur := root
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return root
		}
		if err != nil {
			t.Fatalf("parsing the page: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{tag: strings.ToLower(tok.Name.Local), attrs: map[string]string{}, parent: cur}
			for _, a := range tok.Attr {
				n.attrs[strings.ToLower(a.Name.Local)] = a.Value
			}
			cur.children = append(cur.children, n)
			cur = n
		case xml.EndElement:
			if cur.parent != nil {
				cur = cur.parent
			}
		case xml.CharData:
			for n := cur; n != nil; n = n.parent {
				n.text.Write(tok)
			}
		}
	}
}

// all returns the elements under n (n included) that match.
func (n *node) all(match func(*node) bool) []*node {
	var out []*node
	if match(n) {
		out = append(out, n)
	}
	for _, c := range n.children {
		out = append(out, c.all(match)...)
	}
	return out
}

// hasClass matches elements with tag (any if "") and CSS class.
func hasClass(tag, class string) func(*node) bool {
	return func(n *node) bool {
		return (tag == "" || n.tag == tag) && strings.Contains(" "+n.attrs["class"]+" ", " "+class+" ")
	}
}

func (n *node) Text() string { return n.text.String() }

// getPage fetches a page from srv with a browser's Accept header and
// extra headers.
func getPage(t *testing.T, url string, header map[string]string) string {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPageFrames checks the drawn page: the panicking frame first and
// open, its current line marked with the right code, the whole function
// available on expand, library frames grouped and collapsed, and masked
// headers.
func TestPageFrames(t *testing.T) {
	srv, _ := serve(t, panicIndex)
	secret := "top" + "secret" // split, so that this line shown as source does not contain it
	root := parseHTML(t, getPage(t, srv.URL+"/frames", map[string]string{"Authorization": "Bearer " + secret}))

	frames := root.all(hasClass("details", "frame"))
	if len(frames) < 3 {
		t.Fatalf("page has %d frames, want at least 3", len(frames))
	}
	first := frames[0]
	if _, open := first.attrs["open"]; !open || !strings.Contains(first.Text(), "panicIndex") {
		t.Errorf("first frame = %q (open=%v), want panicIndex, open", first.Text()[:min(80, len(first.Text()))], open)
	}
	cur := first.all(hasClass("tr", "cur"))
	if len(cur) != 1 {
		t.Fatalf("first frame has %d current lines, want 1", len(cur))
	}
	code := cur[0].all(hasClass("td", "code"))
	if len(code) != 1 || strings.TrimSpace(code[0].Text()) != "_ = xs[i]" {
		t.Errorf("current line = %q, want %q", cur[0].Text(), "_ = xs[i]")
	}
	ln := cur[0].all(hasClass("td", "ln"))
	if n, err := strconv.Atoi(ln[0].Text()); err != nil || n < 1 {
		t.Errorf("current line number = %q, want a line number", ln[0].Text())
	}
	if len(first.all(hasClass("label", "whole"))) != 1 || len(first.all(hasClass("tr", "ext"))) == 0 {
		t.Errorf("first frame has no whole function to expand into")
	}
	if spans := code[0].all(func(n *node) bool { return n.tag == "span" && n.attrs["class"] != "" }); len(spans) == 0 {
		t.Errorf("current line is not highlighted: %q", code[0].Text())
	}

	libs := root.all(hasClass("details", "lib"))
	if len(libs) == 0 {
		t.Fatal("page has no library frame group")
	}
	for _, l := range libs {
		if _, open := l.attrs["open"]; open || !strings.Contains(l.Text(), "library frame") {
			t.Errorf("library group %q open=%v, want collapsed with a count", l.Text()[:min(40, len(l.Text()))], open)
		}
	}

	masked := false
	for _, row := range root.all(func(n *node) bool { return n.tag == "tr" }) {
		if strings.HasPrefix(row.Text(), "Authorization") {
			masked = len(row.all(hasClass("td", "masked"))) == 1
		}
	}
	if !masked || strings.Contains(root.Text(), secret) {
		t.Errorf("Authorization header not masked")
	}
	if g := root.all(hasClass("details", "goroutines")); len(g) != 1 {
		t.Errorf("page has %d goroutine lists, want 1 (collapsed)", len(g))
	}
}

// TestPageEscapes sends script and quotes through the panic value, a
// header and the path, and checks that none becomes markup.
func TestPageEscapes(t *testing.T) {
	const evil = `"><script>alert(1)</script><img src=x onerror=alert(2)>'`
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		panic(evil + r.URL.Path)
	})
	page := getPage(t, srv.URL+`/%22%3E%3Cscript%3Ealert(3)%3C/script%3E`, map[string]string{"X-Evil": evil})
	root := parseHTML(t, page)
	for _, n := range root.all(func(*node) bool { return true }) {
		if n.tag == "script" && n.attrs["src"] == "" || n.tag == "img" {
			t.Errorf("page contains an injected <%s>", n.tag)
		}
		for a := range n.attrs {
			if strings.HasPrefix(a, "on") {
				t.Errorf("page contains an event attribute %s=%q on <%s>", a, n.attrs[a], n.tag)
			}
		}
	}
	scripts := root.all(func(n *node) bool { return n.tag == "script" })
	if len(scripts) != 1 || !strings.HasPrefix(scripts[0].attrs["src"], "/__devserve/debug.js") {
		t.Errorf("page scripts = %d, want only the debug script", len(scripts))
	}
	h1 := root.all(func(n *node) bool { return n.tag == "h1" })
	if len(h1) != 1 || !strings.Contains(h1[0].Text(), "<script>alert(1)</script>") {
		t.Errorf("title = %q, want the panic value shown as text", h1[0].Text())
	}
}
