package serving

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/devserve/devserve/debugpage"
)

// Defaults of Options fields.
const (
	defaultGrace             = 5 * time.Second
	defaultReadHeaderTimeout = 10 * time.Second
)

// RunSimple serves app on addr until the process gets SIGINT (Ctrl+C) or
// SIGTERM, then shuts down gracefully: requests in flight get the grace
// period to finish. It prints a banner with the address actually bound,
// logs each request, and answers panics with a plain 500 (a traceback
// page under a supervisor). A nil app means http.DefaultServeMux. See the
// package documentation for the address forms and the reloader, and
// Options for the settings.
//
// A second SIGINT or SIGTERM during the grace period ends the process at
// once, as signals get their default behaviour back when the first one
// arrives.
func RunSimple(addr string, app http.Handler, opts ...Option) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	go func() {
		select {
		case <-sig:
			signal.Stop(sig) // before the shutdown starts: a second signal kills
			cancel()
		case <-ctx.Done():
		}
	}()
	return Run(ctx, addr, app, opts...)
}

// Run is RunSimple for callers that own a context: it serves until ctx is
// cancelled, then shuts down gracefully. It returns nil after a clean
// shutdown, and an error if the server could not start or requests had
// to be cut off.
func Run(ctx context.Context, addr string, app http.Handler, opts ...Option) error {
	var o Options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return run(ctx, addr, app, &o)
}

// run starts the server of o on addr and serves until ctx is done.
func run(ctx context.Context, addr string, app http.Handler, o *Options) error {
	addr, fromEnv := listenAddress(addr)
	a, err := parseAddress(addr)
	if err != nil && fromEnv {
		return fmt.Errorf("%w (from DEVSERVE_ADDR)", err)
	}
	if err != nil {
		return err
	}
	if o.Reloader && !supervised() {
		return supervise(ctx, a, o)
	}
	if fromEnv {
		o = o.underSupervisor()
	}
	tlsConfig, fingerprint, err := o.tlsConfig(a)
	if err != nil {
		return err
	}
	out, lw := o.writers()
	colors, out := newPalette(out, o.Color)
	errLog := log.New(out, "", log.LstdFlags)
	h, lines, err := o.handler(app, a, lw, errLog)
	if err != nil {
		return err
	}
	if lines != nil {
		defer lines.close()
	}
	ln, err := listen(ctx, a)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		TLSConfig:         tlsConfig,
		ReadHeaderTimeout: orDefault(o.ReadHeaderTimeout, defaultReadHeaderTimeout),
		ErrorLog:          errLog,
	}
	b := banner{scheme: "http", addr: a, bound: ln.Addr(), fingerprint: fingerprint, fromEnv: fromEnv,
		reloaded: fromEnv && os.Getenv(reloaderEnv) != "", debugger: o.Debugger}
	if tlsConfig != nil {
		b.scheme = "https"
	}
	b.write(out, colors)
	if o.OnListen != nil {
		o.OnListen(ln.Addr())
	}
	return serve(ctx, srv, ln, orDefault(o.Grace, defaultGrace))
}

// underSupervisor returns the options of a program a supervisor runs:
// the developer is looking at a browser, so panics show the debugger
// unless errors pass through. Under this package's reloader, the
// supervisor also serves TLS (the program serves it plain HTTP) and says
// whether its output takes colors.
func (o *Options) underSupervisor() *Options {
	c := *o
	c.Debugger = o.Debugger || !o.PassthroughErrors
	switch os.Getenv(reloaderEnv) {
	case "":
		return &c
	case reloadedColor:
		if c.Color == ColorAuto && os.Getenv("NO_COLOR") == "" {
			c.Color = ColorAlways
		}
	}
	c.TLSCertFile, c.TLSKeyFile, c.AdhocTLS, c.TLSConfig = "", "", false, nil
	return &c
}

// listenAddress returns the address to listen on: the one a supervisor
// hands down in DEVSERVE_ADDR if there is one, else addr. It reports
// whether the address came from the environment.
func listenAddress(addr string) (string, bool) {
	if env := os.Getenv("DEVSERVE_ADDR"); env != "" {
		return env, true
	}
	return addr, false
}

// serve serves srv on ln until ctx is done, then shuts it down, giving
// requests in flight grace to finish. The serving goroutine has exited
// when serve returns.
func serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() {
		if srv.TLSConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	err := shutdown(srv, grace)
	<-errc // http.ErrServerClosed
	return err
}

// shutdown stops srv gracefully, and forcibly once grace has passed.
func shutdown(srv *http.Server, grace time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(ctx)
	if err == nil {
		return nil
	}
	srv.Close()
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("serving: requests still running after the %v grace period were cut off", grace)
	}
	return fmt.Errorf("serving: shutdown: %w", err)
}

// writers returns where the banner and errors go, and where the request
// log goes. When they are one writer it is locked, as both the request
// log and the error log write to it.
func (o *Options) writers() (out, log io.Writer) {
	out = o.Output
	if out == nil {
		out = os.Stderr
	}
	if o.Log != nil {
		return out, o.Log
	}
	if _, ok := out.(*os.File); ok {
		return out, out // files take concurrent writes
	}
	sw := &syncWriter{w: out}
	return sw, sw
}

// handler returns app behind the static mounts, the debugger, the panic
// recovery and the request log of o, and the request log's writer if one was started;
// the caller must close it.
func (o *Options) handler(app http.Handler, a address, lw io.Writer, errLog *log.Logger) (http.Handler, *logWriter, error) {
	if app == nil {
		app = http.DefaultServeMux
	}
	h, err := newStatic(o.Static, app)
	if err != nil {
		return nil, nil, err
	}
	if o.Debugger {
		h = (&debugpage.Debugger{Log: errLog}).Handler(h)
	}
	l := &requestLog{next: h, local: a.network == "unix", recover: !o.PassthroughErrors, errLog: errLog}
	if lw != io.Discard {
		l.colors, lw = newPalette(lw, o.Color)
		l.lines = startLogWriter(lw, logLinger)
	}
	if l.lines == nil && !l.recover {
		return h, nil, nil
	}
	return l, l.lines, nil
}

// orDefault returns d, or def if d is zero or negative: the rule of every
// duration of Options, as of reloader.Engine's.
func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
