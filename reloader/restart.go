package reloader

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// startApp starts the app from the last good binary.
func (r *runner) startApp(ctx context.Context) {
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
		signal:  r.s.signal,
		grace:   r.s.grace,
		ready:   r.s.readyTimeout,
		stdin:   r.stdin,
		stdout:  r.appStdout(),
		stderr:  r.stderr,
		onPanic: r.panics.push,
		reap:    r.e.Reap,
	})
	if err != nil {
		r.cannotStart(ctx, err)
		return
	}
	r.app, r.readyCh = c, c.ready
	r.emit(Event{Kind: Started, Addr: c.addr, PID: c.cmd.Process.Pid})
}

// appStdout returns where the app writes its standard output: the
// engine's Stdout itself when it is a file (a terminal), so that the app
// sees it as such, else a copy through the engine.
func (r *runner) appStdout() io.Writer {
	if f, ok := r.s.stdout.(*os.File); ok {
		return f
	}
	return r.stdout
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
	r.emit(Event{Kind: Stopping, Addr: c.addr, PID: c.cmd.Process.Pid})
	c.stop()
	<-c.done
	r.emit(Event{Kind: Stopped, Addr: c.addr, PID: c.cmd.Process.Pid})
}

// onReady reports whether the app listens.
func (r *runner) onReady(ctx context.Context, err error) {
	r.readyCh = nil
	c := r.app
	switch {
	case err == nil:
		r.emit(Event{Kind: Ready, Addr: c.addr, Duration: time.Since(c.start)})
	case errors.Is(err, errNotListening):
		r.readyCh = c.ready // a Ready may still come, for an app slow to start
		r.emit(Event{Kind: NotListening, Addr: c.addr})
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
	status := c.exitStatus()
	r.emit(Event{Kind: Crashed, Addr: c.addr, PID: c.cmd.Process.Pid, ExitStatus: status,
		Report: crashReport(c.tail.bytes(), status)})
	r.startList(ctx)
}

// onPanics reports the handler panics the app logged.
func (r *runner) onPanics() {
	for _, p := range r.panics.take() {
		r.emit(Event{Kind: HandlerPanic, Remote: p.remote, Report: panicReport(p.block)})
	}
}
