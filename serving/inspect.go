package serving

import (
	"context"
	"fmt"
	"io"
	"log"
	"os/exec"
	"strconv"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/proxy"
	"github.com/devserve/devserve/reloader"
)

// offerInspection lets the program's debugger show its panics' frames'
// variables, through an installed devserve (devserve inspector) that
// reads them: this package does not link the debugger. It says in one
// line to out when there is none. It returns a function that waits for
// the inspection channel to close once ctx is done.
func offerInspection(ctx context.Context, eng *reloader.Engine, px *proxy.Proxy, secret string, out io.Writer) (wait func()) {
	path, err := exec.LookPath("devserve")
	if err != nil {
		fmt.Fprintln(out, "panic pages will show no locals: no devserve on PATH to read them (go install github.com/devserve/devserve/cmd/devserve@latest)")
		return func() {}
	}
	h := &proxy.Helper{Path: path, Args: []string{"inspector"}}
	pid, err := h.Start()
	ln, lerr := proxy.ListenChannel()
	if err == nil {
		err = lerr
	}
	if err != nil {
		fmt.Fprintf(out, "panic pages will show no locals: %v\n", err)
		h.Close()
		return func() {}
	}
	x := &proxy.Inspection{Inspector: h, Secret: secret, Log: log.New(out, "", 0)}
	eng.Env = append(eng.Env, x.Env(ln), debugpage.InspectTracerEnv+"="+strconv.Itoa(pid))
	px.Inspect = x
	onEvent := eng.OnEvent
	eng.OnEvent = func(ev reloader.Event) {
		x.Handle(ev)
		onEvent(ev)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer h.Close()
		defer ln.Close()
		x.ServeChannel(ctx, ln)
	}()
	return func() { <-done }
}
