package reloader

import (
	"strings"
	"testing"
	"time"
)

// TestListenSearch feeds looks at a starting app, each at its time in
// milliseconds with the other addresses it listens on, and checks the
// verdicts.
func TestListenSearch(t *testing.T) {
	type look struct {
		ms     int
		others string // comma-separated
		want   string // "", "adopt ADDR" or "ask ADDRS"
	}
	const a, b = "127.0.0.1:8585", "127.0.0.1:9090"
	tests := []struct {
		name  string
		adopt bool
		looks []look
	}{
		{"one port, adopted once it stays", true, []look{
			{0, "", ""}, {100, a, ""}, {200, a, ""}, {350, a, "adopt " + a},
		}},
		{"a port that moves starts over", true, []look{
			{100, a, ""}, {300, b, ""}, {500, b, ""}, {600, b, "adopt " + b},
		}},
		{"a port that goes starts over", true, []look{
			{100, a, ""}, {200, "", ""}, {300, a, ""}, {500, a, ""}, {600, a, "adopt " + a},
		}},
		{"several ports: ask, then adopt the one left", true, []look{
			{100, a + "," + b, ""}, {1000, a + "," + b, ""}, {1100, a + "," + b, "ask " + a + "," + b},
			{1200, a + "," + b, ""}, {1300, b, ""}, {1600, b, "adopt " + b},
		}},
		{"nothing: asked at the deadline, once", true, []look{
			{100, "", ""}, {29_900, "", ""}, {30_000, "", "ask "}, {30_100, "", ""},
		}},
		{"the address was given: never adopt, list at the deadline", false, []look{
			{100, a, ""}, {1000, a, ""}, {5000, a + "," + b, ""}, {30_000, a, "ask " + a},
		}},
	}
	for _, tt := range tests {
		start := time.Unix(1_000_000, 0)
		s := &listenSearch{adopt: tt.adopt, deadline: start.Add(30 * time.Second)}
		for _, l := range tt.looks {
			var others []string
			if l.others != "" {
				others = strings.Split(l.others, ",")
			}
			v := s.look(start.Add(time.Duration(l.ms)*time.Millisecond), others)
			got := ""
			switch v.kind {
			case verdictAdopt:
				got = "adopt " + v.addr
			case verdictNotListening:
				got = "ask " + strings.Join(v.others, ",")
			}
			if got != l.want {
				t.Errorf("%s: look at %dms with %q = %q, want %q", tt.name, l.ms, l.others, got, l.want)
			}
		}
	}
}
