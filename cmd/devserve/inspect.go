package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/devserve/devserve/internal/inspect"
	"github.com/devserve/devserve/proxy"
	"github.com/devserve/devserve/reloader"
)

// offerInspection sets up the inspection of the app's panics: the
// channel its debugger asks on, the console of its pages, and the
// engine's reaping under the inspector's lock. It returns a function
// that waits for the channel to close once ctx is done, or the line that
// says why there is no inspection.
func offerInspection(ctx context.Context, eng *reloader.Engine, px *proxy.Proxy, secret string, timeout time.Duration, pin string, logger *log.Logger) (wait func(), why string) {
	if err := inspect.Supported(); err != nil {
		return func() {}, err.Error()
	}
	ln, err := proxy.ListenChannel()
	if err != nil {
		return func() {}, fmt.Sprintf("inspect: %v", err)
	}
	in := &inspect.Inspector{Timeout: timeout}
	x := &proxy.Inspection{Inspector: in, Secret: secret, Log: logger}
	if pin != "" {
		x.PIN = &proxy.PIN{Value: pin}
	}
	eng.Env = append(eng.Env, x.Env(ln))
	eng.Reap = in
	px.Inspect = x
	onEvent := eng.OnEvent
	eng.OnEvent = func(ev reloader.Event) {
		x.Handle(ev)
		onEvent(ev)
		if ev.Kind == reloader.Started {
			go in.Warm(fmt.Sprintf("/proc/%d/exe", ev.PID)) // once, in the background, ending with the read
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer ln.Close()
		x.ServeChannel(ctx, ln)
	}()
	return func() { <-done }, ""
}

// inspection says, in one line, why the frames of panics will not be
// inspected, if they will not, and the console's PIN, if there is one.
func (t *terminal) inspection(why, pin string) {
	switch {
	case why != "":
		fmt.Fprintf(t.w, "%s panic pages will show no locals and no console: %s\n", t.warn.Sprint("!"), why)
	case pin != "":
		fmt.Fprintf(t.w, "%s the console of panic pages asks for PIN %s\n", t.warn.Sprint("!"), proxy.FormatPIN(pin))
	}
}
