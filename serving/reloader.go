package serving

import (
	"context"
	"crypto/tls"
	"log"
	"net/http"
	"os"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/proxy"
	"github.com/devserve/devserve/reloader"
)

// reloaderEnv is the variable the reloader hands down to the program it
// runs, so that the rebuilt program serves instead of supervising again.
// Its value says whether the supervisor's output takes colors: the
// child's output reaches it through a pipe, which is no terminal.
const reloaderEnv = "DEVSERVE_RELOADER"

// The values of reloaderEnv.
const (
	reloadedColor = "color"
	reloadedPlain = "plain"
)

// supervised reports whether a supervisor runs this process: this
// package's reloader, or devserve run (which hands down DEVSERVE_ADDR).
func supervised() bool {
	return os.Getenv(reloaderEnv) != "" || os.Getenv("DEVSERVE_ADDR") != ""
}

// supervise is the reloader's first process: it serves the public
// address a through a proxy.Proxy while a reloader.Engine builds the
// program from its own source, runs it and rebuilds it on every change,
// until ctx is done. It returns once the program it runs is gone.
func supervise(ctx context.Context, a address, o *Options) error {
	src, err := findSource()
	if err != nil {
		return err
	}
	tlsConfig, fingerprint, err := o.tlsConfig(a)
	if err != nil {
		return err
	}
	out, _ := o.writers()
	colors, out := newPalette(out, o.Color)
	ln, err := listen(ctx, a)
	if err != nil {
		return err
	}
	defer ln.Close()
	b := banner{scheme: "http", addr: a, bound: ln.Addr(), fingerprint: fingerprint}
	if tlsConfig != nil {
		b.scheme = "https"
		ln = tls.NewListener(ln, tlsConfig)
	}
	b.write(out, colors)

	errLog := log.New(out, "", log.LstdFlags)
	secret := debugpage.NewSecret() // vouches for the client the proxy names to the program's debugger
	eng := o.engine(src, colors.on)
	px := &proxy.Proxy{PublicAddr: ln.Addr().String(), Secret: secret, Log: errLog,
		Token: debugpage.NewSecret(), Root: src.root, OnRebuild: eng.RestartWith,
		OutputPending: eng.OutputPending}
	lines := &reloadLines{w: out, root: src.root, mode: "fsnotify"}
	if o.ReloaderInterval > 0 {
		lines.mode = "stat"
	}
	eng.Env = append(eng.Env, debugpage.SecretEnv+"="+secret)
	eng.Stderr = out
	eng.OnEvent = func(ev reloader.Event) {
		px.Handle(ev)
		lines.handle(ev)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer offerInspection(ctx, eng, px, secret, out)() // waits after cancel: the channel closes once ctx is done
	defer cancel()
	if o.OnListen != nil {
		o.OnListen(ln.Addr())
	}
	srv := &http.Server{Handler: px, ReadHeaderTimeout: defaultReadHeaderTimeout, ErrorLog: errLog}
	return eng.Serve(ctx, srv, ln, defaultGrace)
}

// engine returns the engine that rebuilds and runs the program of src
// with the reloader settings of o.
func (o *Options) engine(src *source, color bool) *reloader.Engine {
	marker := reloadedPlain
	if color {
		marker = reloadedColor
	}
	return &reloader.Engine{
		Dir:        src.dir,
		BuildFlags: src.flags,
		BuildEnv:   src.env,
		Args:       os.Args[1:],
		Env:        []string{reloaderEnv + "=" + marker},
		Watch:      o.ExtraFiles,
		Exclude:    o.ExcludePatterns,
		Poll:       o.ReloaderInterval,
		Grace:      o.Grace,
	}
}
