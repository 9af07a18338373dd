package proxy

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

// TestTracker feeds the tracker sequences of events and checks the state
// each leaves: "state, pending" after every event.
func TestTracker(t *testing.T) {
	tests := []struct {
		name   string
		events string
		want   string
	}{
		{"first start", "Watching Building Built Started Ready",
			"building+ building+ starting+ starting+ running"},
		{"an edit while running", "Building Built Started Ready Building Built Stopping Stopped Started Ready",
			"building+ starting+ starting+ running building+ starting+ starting+ starting+ starting+ running"},
		{"a failed build stops the app", "Building Built Started Ready Building Stopping Stopped BuildFailed",
			"building+ starting+ starting+ running building+ starting+ starting+ build failed"},
		{"a crash at start", "Building Built Started Crashed",
			"building+ starting+ starting+ crashed"},
		{"a crash while running is an outcome of its own", "Building Built Started Ready Crashed",
			"building+ starting+ starting+ running crashed"},
		{"not listening, then late", "Building Built Started NotListening Ready",
			"building+ starting+ starting+ not listening running"},
		{"a restart without a build", "Building Built Started Ready Stopping Stopped Started Ready",
			"building+ starting+ starting+ running starting+ starting+ starting+ running"},
		{"a panic changes no state", "Building Built Started Ready HandlerPanic",
			"building+ starting+ starting+ running running"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tr tracker
			var got []string
			for name := range strings.FieldsSeq(tt.events) {
				tr.handle(event(t, name), nil)
				got = append(got, describe(&tr))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("%s:\n got %s\nwant %s", tt.events, g, tt.want)
			}
		})
	}
}

// event returns an event of the kind named.
func event(t *testing.T, name string) reloader.Event {
	for k := reloader.Watching; k <= reloader.Stopping; k++ {
		if k.String() == name {
			ev := reloader.Event{Kind: k, Time: time.Now()}
			if k == reloader.HandlerPanic {
				ev.Report = &debugpage.Report{Title: "panic: boom"}
			}
			return ev
		}
	}
	t.Fatalf("no event kind %q", name)
	return reloader.Event{}
}

// describe is the tracker's state, with "+" while a cycle is under way.
func describe(tr *tracker) string {
	s, _ := tr.read()
	if s.pending {
		return string(s.status.State) + "+"
	}
	return string(s.status.State)
}

// TestTrackerBuild checks what the tracker says of the builds: the files
// that triggered them, their duration, the cycle count and the report.
func TestTrackerBuild(t *testing.T) {
	var tr tracker
	t0 := time.Now()
	rep := &debugpage.Report{Kind: debugpage.KindBuild, Title: "build failed"}
	for _, ev := range []reloader.Event{
		{Kind: reloader.Building, Time: t0},
		{Kind: reloader.Built, Duration: 800 * time.Millisecond},
		{Kind: reloader.Started, Addr: "127.0.0.1:1", PID: 7},
		{Kind: reloader.Ready, Addr: "127.0.0.1:1", Time: t0.Add(time.Second)},
		{Kind: reloader.Building, Changed: []string{"msg/msg.go"}, Time: t0.Add(2 * time.Second)},
		{Kind: reloader.Stopping},
		{Kind: reloader.Stopped},
	} {
		tr.handle(ev, nil)
	}
	tr.handle(reloader.Event{Kind: reloader.BuildFailed, Duration: 300 * time.Millisecond, Time: t0.Add(3 * time.Second)}, rep)
	s, _ := tr.read()
	want := Status{State: StateBuildFailed, Since: t0.Add(3 * time.Second), AppAddr: "127.0.0.1:1", Cycle: 2,
		LastBuild: &Build{Started: t0.Add(2 * time.Second), DurationMS: 300, Changed: []string{"msg/msg.go"}, Failed: true}}
	if got, w := statusString(s.status), statusString(want); got != w {
		t.Errorf("status =\n%s\nwant\n%s", got, w)
	}
	if s.report != rep || s.pending || s.builds != 2 {
		t.Errorf("report, pending, builds = %p, %v, %d; want %p, false, 2", s.report, s.pending, s.builds, rep)
	}
	tr.handle(reloader.Event{Kind: reloader.Building}, nil)
	if s, _ := tr.read(); s.report != nil || !s.pending || s.status.Cycle != 3 {
		t.Errorf("after the next Building: report %v, pending %v, cycle %d; want nil, true, 3", s.report, s.pending, s.status.Cycle)
	}
}

// statusString formats st with its last build, for comparing.
func statusString(st Status) string {
	b := st.LastBuild
	st.LastBuild = nil
	return fmt.Sprintf("%+v %+v", st, b)
}

// TestTrackerPanics checks that the last maxPanics panics are kept,
// newest first.
func TestTrackerPanics(t *testing.T) {
	var tr tracker
	for i := range maxPanics + 5 {
		tr.handle(reloader.Event{Kind: reloader.HandlerPanic, Report: &debugpage.Report{Title: fmt.Sprint(i)}}, nil)
	}
	got := tr.lastPanics(3)
	if len(got) != 3 || got[0].Title != fmt.Sprint(maxPanics+4) || got[2].Title != fmt.Sprint(maxPanics+2) {
		t.Errorf("lastPanics(3) = %v, want the three newest, newest first", got)
	}
	if n := len(tr.lastPanics(100)); n != maxPanics {
		t.Errorf("len(lastPanics(100)) = %d, want %d", n, maxPanics)
	}
}
