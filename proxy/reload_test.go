package proxy

import (
	"bufio"
	"net/http"
	"strings"
	"testing"

	"github.com/devserve/devserve/reloader"
)

// TestProxyReloaded checks the generations a reload without a restart
// announces: a change of stylesheets only bumps the stylesheets' part, any
// other change the page's.
func TestProxyReloaded(t *testing.T) {
	tests := []struct {
		changed []string
		want    string // the generation's suffix after the boot ID
	}{
		{[]string{"static/app.css"}, ".1.1"},
		{[]string{"static/a.css", "static/b.CSS"}, ".1.1"},
		{[]string{"templates/index.html"}, ".2"},
		{[]string{"static/app.css", "static/app.js"}, ".2"},
		{nil, ".2"},
	}
	for _, tt := range tests {
		app := newApp(t, func(w http.ResponseWriter, r *http.Request) {})
		p := &Proxy{}
		url := newProxy(t, p)
		ready(p, app)
		resp, err := http.Get(url + "/__devserve/events")
		if err != nil {
			t.Fatal(err)
		}
		events := bufio.NewScanner(resp.Body)
		first := nextData(t, events)
		p.Handle(reloader.Event{Kind: reloader.Reloaded, Changed: tt.changed})
		if got, want := nextData(t, events), strings.TrimSuffix(first, ".1")+tt.want; got != want {
			t.Errorf("generation after Reloaded %q = %q, want %q", tt.changed, got, want)
		}
		resp.Body.Close()
	}
}

func TestStylesOnly(t *testing.T) {
	tests := []struct {
		changed []string
		want    bool
	}{
		{[]string{"a.css"}, true},
		{[]string{"static/a.css", "b.Css"}, true},
		{[]string{"a.css", "a.js"}, false},
		{[]string{"a.scss"}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := StylesOnly(tt.changed); got != tt.want {
			t.Errorf("StylesOnly(%q) = %v, want %v", tt.changed, got, tt.want)
		}
	}
}
