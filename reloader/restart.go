package reloader

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// startApp starts the app from the last good binary; changed names the
// files whose change restarted it without a build.
func (r *runner) startApp(ctx context.Context, changed []string) {
	addr, chosen := r.e.AppAddr, r.e.AppAddr == ""
	if chosen {
		a, err := freeAddr(r.addr)
		if err != nil {
			r.cannotStart(ctx, err)
			return
		}
		addr = a
	}
	r.addr = addr
	c, err := startChild(ctx, childConfig{
		bin:     r.bin,
		args:    r.e.Args,
		env:     childEnv(r.e.Env, addr, chosen),
		addr:    dialAddr(addr),
		adopt:   chosen,
		signal:  r.s.signal,
		grace:   r.s.grace,
		ready:   r.s.readyTimeout,
		stdin:   r.stdin,
		stdout:  r.stdout,
		stderr:  r.stderr,
		onPanic: r.panics.push,
		onBegun: r.panics.begin,
		meter:   &r.e.meter,
		reap:    r.e.Reap,
	})
	if err != nil {
		r.cannotStart(ctx, err)
		return
	}
	r.app, r.readyCh = c, c.ready
	r.emit(Event{Kind: Started, Addr: c.addr, PID: c.cmd.Process.Pid, Changed: changed})
}

// cannotStart reports an app that could not even start as a crash.
func (r *runner) cannotStart(ctx context.Context, err error) {
	status := "not started: " + err.Error()
	r.emit(Event{Kind: Crashed, ExitStatus: status, Report: &debugpage.Report{
		Kind: debugpage.KindCrash, Title: "the app could not start", Message: err.Error(),
		Time: time.Now(), ExitStatus: status,
	}})
	r.startList(ctx)
}

// stopApp stops the app, if one runs, and waits until it and its
// process group are gone.
func (r *runner) stopApp() {
	c := r.app
	if c == nil {
		return
	}
	r.app, r.readyCh = nil, nil
	stopping := time.Now()
	r.emit(Event{Kind: Stopping, Addr: c.addr, PID: c.cmd.Process.Pid})
	c.stop()
	<-c.done
	r.emit(Event{Kind: Stopped, Addr: c.addr, PID: c.cmd.Process.Pid, Duration: time.Since(stopping), ExitStatus: c.exitStatus()})
}

// onReady reports whether the app listens, and where.
func (r *runner) onReady(ctx context.Context, res readiness) {
	r.readyCh = nil
	c := r.app
	switch {
	case res.addr != "":
		c.addr = res.addr // from now on, the app is where it was found
		if res.adopted {
			r.readyCh = c.ready // the app may open its own address yet
		}
		r.emit(Event{Kind: Ready, Addr: c.addr, Adopted: res.adopted, Duration: time.Since(c.start)})
	case errors.Is(res.err, errNotListening):
		r.readyCh = c.ready // a Ready may still come, for an app slow to start
		r.emit(Event{Kind: NotListening, Addr: c.addr, Listening: res.others,
			Output: strings.Join(lastLines(c.tail.bytes(), crashLines), "\n")})
	default:
		return // the app exited: onExit reports it
	}
	r.startList(ctx)
}

// onExit reports an app that exited on its own. It is not restarted: the
// next change is.
func (r *runner) onExit(ctx context.Context) {
	c := r.app
	r.app, r.readyCh = nil, nil
	status, output := c.exitStatus(), c.tail.bytes()
	rep := crashReport(output, status)
	var hint string
	if r.e.AppAddr == "" {
		hint = portAsAddress(output, c.addr)
	}
	if hint != "" {
		rep.Message = strings.TrimSpace(rep.Message + "\n\n" + hint)
	}
	r.emit(Event{Kind: Crashed, Addr: c.addr, PID: c.cmd.Process.Pid, ExitStatus: status, Report: rep, Hint: hint})
	r.startList(ctx)
}

// onPanics reports the handler panics the app logged.
func (r *runner) onPanics() {
	for _, p := range r.panics.take() {
		if p.begun {
			r.emit(Event{Kind: PanicLogging})
		} else {
			r.emit(Event{Kind: HandlerPanic, Remote: p.remote, Framework: p.framework,
				Forwarded: p.forwarded, Report: panicReport(p)})
		}
		r.panics.reported()
	}
}
