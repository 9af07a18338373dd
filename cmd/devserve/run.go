package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/internal/mcpserver"
	"github.com/devserve/devserve/proxy"
	"github.com/devserve/devserve/reloader"
	"github.com/devserve/devserve/serving"
)

// runCommand is devserve run: it listens on the public address, then runs
// the engine behind the proxy until ctx is canceled.
func runCommand(ctx context.Context, args []string, std stdio) error {
	o, err := parseRun(args)
	if errors.Is(err, errHelp) {
		return printRunUsage(std.out)
	}
	if err != nil {
		return err
	}
	// Listen first: a browser opened at once waits for the app instead of
	// being refused while go list finds the package.
	ln, fingerprint, err := o.listen()
	if err != nil {
		return err
	}
	defer ln.Close()
	eng, err := o.engine(ctx)
	if err != nil {
		return err
	}

	publicAddr := ln.Addr().String()
	secret := debugpage.NewSecret()
	trust := o.trustOf()
	eng.Env = append(eng.Env, trustEnv(trust, secret)...)
	output, token := &proxy.Output{}, debugpage.NewSecret()
	px := &proxy.Proxy{
		NoReload: o.noReload, PublicAddr: publicAddr, AppAddr: o.appAddr, AppTLS: o.appTLS,
		Trust: trust, Secret: secret, Log: log.New(std.err, "", 0),
		Output: output, Token: token, OnRestart: eng.Restart,
		Root: moduleRoot(eng.Dir), OnRebuild: eng.RestartWith, OutputPending: eng.OutputPending,
	}
	px.MCP = mcpserver.Handler(px)
	term := newTerminal(std.err, o, moduleRoot(eng.Dir))
	defer term.clock.ended()
	term.publicAddr, term.inFlight = publicAddr, px.InFlight
	// The banner waits for the engine's first event: a package that cannot
	// be run is an error alone, with nothing said to be served.
	term.intro = &intro{
		url: publicURL(publicAddr, o.tls != ""), pkg: eng.Package,
		fingerprint: fingerprint, exposure: exposure(publicAddr), trust: trust,
	}
	// The app's standard input stays empty: a devserve run in the
	// background of a shell must not be stopped for reading the terminal.
	eng.Stdout, eng.Stderr = output.Writer("stdout", std.out), output.Writer("stderr", std.err)
	for i := range eng.Processes {
		p := &eng.Processes[i]
		p.Output = output.Writer(p.Name, term.processOutput(p.Name, i))
	}
	for i := range eng.Generate {
		g := &eng.Generate[i]
		name := g.Name()
		g.Output = output.Writer(name, term.processOutput(name, len(eng.Processes)+i))
	}
	defer announce(term, runState{Root: moduleRoot(eng.Dir), URL: publicURL(publicAddr, o.tls != ""),
		Token: token, PID: os.Getpid(), Fingerprint: fingerprint})()
	eng.OnEvent = func(ev reloader.Event) {
		px.Handle(ev)
		term.handle(ev)
	}
	if !o.noInspect {
		pin, err := consolePIN(o.pin, os.Getenv(PINEnv), moduleRoot(eng.Dir))
		if err != nil {
			return err
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		wait, why := offerInspection(ctx, eng, px, secret, o.inspectTimeout, pin, log.New(std.err, "", 0))
		defer wait() // after cancel: the channel closes once ctx is done
		defer cancel()
		term.inspection(why, pin)
	}
	ctx, quit := context.WithCancel(ctx)
	defer quit()
	if !o.noKeys {
		url := publicURL(publicAddr, o.tls != "")
		restore := startKeys(ctx, keyActions{
			restart: eng.Restart,
			open:    func() error { return openBrowser(url) },
			quit:    quit,
			out:     std.err,
		})
		if restore != nil {
			defer restore()
			term.intro.keys = true
		}
	}
	return eng.Serve(ctx, publicServer(px), ln, 2*time.Second)
}

// publicServer returns the server of the public address: a client gets
// 10s to send its request's headers, which may total 1 MB.
func publicServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          log.New(discardTLSNoise{os.Stderr}, "", 0),
	}
}

// parseRun parses the command line and devserve.toml of devserve run.
func parseRun(args []string) (*options, error) {
	o := &options{}
	fs := o.flagSet()
	set, err := o.parseArgs(fs, args)
	if err != nil {
		return nil, err
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if err := o.applyConfig(moduleRoot(wd), fs, set); err != nil {
		return nil, err
	}
	if o.quiet && o.verbose {
		return nil, usagef("run: --quiet and --verbose do not go together")
	}
	return o, nil
}

// engine returns the engine o describes, its package found if not named.
func (o *options) engine(ctx context.Context) (*reloader.Engine, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	flags := strings.Fields(o.buildFlags)
	if o.tags != "" {
		flags = append(flags, "-tags="+o.tags)
	}
	pkg := o.pkg
	if pkg == "" {
		if pkg, err = findMain(ctx, wd, nil); err != nil {
			return nil, err
		}
	}
	sig, err := parseSignal(o.signal)
	if err != nil {
		return nil, fmt.Errorf("--signal: %w", err)
	}
	env, err := o.appEnv()
	if err != nil {
		return nil, err
	}
	return &reloader.Engine{
		Package: pkg, Dir: wd, BuildFlags: flags, Optimize: o.optimize, Args: o.args, Env: env, AppAddr: o.appAddr,
		Watch: o.watch, Reload: o.reload, Exclude: o.exclude, Poll: time.Duration(o.poll),
		Debounce: o.debounce, Grace: o.grace, Signal: sig,
		Processes: o.processes, Generate: o.generate,
	}, nil
}

// appEnv returns the variables added to the app's environment: those of
// --env-file, then those of --env, which win.
func (o *options) appEnv() ([]string, error) {
	var env []string
	if o.envFile != "" {
		fileEnv, err := readEnvFile(o.envFile)
		if err != nil {
			return nil, fmt.Errorf("--env-file: %w", err)
		}
		env = fileEnv
	}
	for _, kv := range o.env {
		if k, _, ok := strings.Cut(kv, "="); !ok || k == "" {
			return nil, fmt.Errorf("--env %q: want KEY=VALUE", kv)
		}
	}
	return append(env, o.env...), nil
}

// listen opens the public listener, with TLS if asked, and returns the
// certificate's fingerprint when it is made up on the spot.
func (o *options) listen() (net.Listener, string, error) {
	cfg, fingerprint, err := o.tlsConfig()
	if err != nil {
		return nil, "", err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return nil, "", fmt.Errorf("--addr: %w", err)
	}
	if cfg != nil {
		ln = tls.NewListener(ln, cfg)
	}
	return ln, fingerprint, nil
}

// tlsConfig returns the TLS configuration --tls asks for, or nil.
func (o *options) tlsConfig() (*tls.Config, string, error) {
	switch o.tls {
	case "":
		return nil, "", nil
	case "adhoc":
		host, _, _ := net.SplitHostPort(o.addr)
		return serving.AdhocTLSConfig(host)
	}
	certFile, keyFile, ok := strings.Cut(o.tls, ",")
	if !ok {
		return nil, "", fmt.Errorf("--tls %q: want adhoc or CERT,KEY", o.tls)
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, "", fmt.Errorf("--tls: %w", err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, "", nil
}

// publicURL returns the URL to open for the public address addr.
func publicURL(addr string, https bool) string {
	scheme := "http"
	if https {
		scheme = "https"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return scheme + "://" + addr + "/"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return scheme + "://" + net.JoinHostPort(host, port) + "/"
}

// exposure says who besides this machine can reach addr: "all
// interfaces", the address itself when it is not a loopback one, or ""
// when only this machine can.
func exposure(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return ""
	}
	ip := net.ParseIP(host)
	switch {
	case host == "" || ip != nil && ip.IsUnspecified():
		return "all interfaces"
	case ip != nil && !ip.IsLoopback():
		return host
	}
	return ""
}

// trustOf returns the Trust of --trust and --trusted-host, with the host
// name of --addr allowed too.
func (o *options) trustOf() *debugpage.Trust {
	t := &debugpage.Trust{Clients: o.trust, Hosts: o.hosts}
	if host, _, err := net.SplitHostPort(o.addr); err == nil && host != "" && net.ParseIP(host) == nil {
		t.Hosts = append(slices.Clip(t.Hosts), host)
	}
	return t
}

// trustEnv returns the variables that hand trust and the per-run secret
// down to the app's debugger.
func trustEnv(t *debugpage.Trust, secret string) []string {
	hosts := strings.Join(t.Hosts, ",")
	clients := make([]string, len(t.Clients))
	for i, p := range t.Clients {
		clients[i] = p.String()
	}
	return []string{
		debugpage.SecretEnv + "=" + secret,
		debugpage.TrustEnv + "=" + strings.Join(clients, ","),
		debugpage.TrustedHostsEnv + "=" + hosts,
	}
}

// discardTLSNoise passes the server's log on, minus the TLS handshake
// errors browsers cause when they first meet a self-signed certificate.
type discardTLSNoise struct{ w *os.File }

func (d discardTLSNoise) Write(p []byte) (int, error) {
	if strings.Contains(string(p), "TLS handshake error") {
		return len(p), nil
	}
	return d.w.Write(p)
}
