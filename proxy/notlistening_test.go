package proxy

import (
	"strings"
	"testing"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

// TestNotListeningReport checks the page of an app that runs but is not
// where devserve expects it: never a crash, with what to change, where
// the app listens when the engine found out, and its last lines.
func TestNotListeningReport(t *testing.T) {
	tests := []struct {
		name    string
		appAddr string
		ev      reloader.Event
		want    []string
	}{
		{"nowhere", "", reloader.Event{Addr: "127.0.0.1:4567"},
			[]string{"PORT=4567", "--app-addr"}},
		{"several", "", reloader.Event{Addr: "127.0.0.1:4567", Listening: []string{"127.0.0.1:8585", "127.0.0.1:9090"}},
			[]string{"The app listens on 127.0.0.1:8585, 127.0.0.1:9090 instead", "--app-addr", "PORT=4567"}},
		{"given", "127.0.0.1:4567", reloader.Event{Addr: "127.0.0.1:4567", Listening: []string{"127.0.0.1:8585"}},
			[]string{"The app listens on 127.0.0.1:8585 instead", "--app-addr"}},
	}
	for _, tt := range tests {
		p := &Proxy{PublicAddr: "127.0.0.1:8080", AppAddr: tt.appAddr}
		tt.ev.Kind, tt.ev.Output = reloader.NotListening, "listening on 127.0.0.1:8585"
		rep := p.notListeningReport(tt.ev)
		if rep.Kind != debugpage.KindNotListening || rep.Output != tt.ev.Output {
			t.Errorf("%s: report kind %q, output %q; want %q and the app's output", tt.name, rep.Kind, rep.Output, debugpage.KindNotListening)
		}
		for _, w := range tt.want {
			if !strings.Contains(rep.Message, w) {
				t.Errorf("%s: message %q, want it to say %q", tt.name, rep.Message, w)
			}
		}
	}
}
