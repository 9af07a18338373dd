package serving

import (
	"crypto/tls"
	"io"
	"net"
	"time"
)

// Options holds every setting of a server. Its zero value serves plain
// HTTP with a request log on standard error; each field documents its
// default. The With functions set single fields; since [Option] is a
// func(*Options), a caller may also write its own.
type Options struct {
	// Output receives the banner and server errors (panics, TLS handshake
	// failures). If nil, os.Stderr is used.
	Output io.Writer

	// Log receives one line per request. If nil, Output is used; set it to
	// io.Discard to turn the request log off. Log is written by one
	// goroutine at a time, so it need not be safe for concurrent use; but
	// to log to Output, leave Log nil rather than setting it to the same
	// writer, which would then be written by two.
	Log io.Writer

	// Color says whether the banner and the request log are colored. If
	// ColorAuto (the zero value), each of Output and Log is colored when it
	// is a terminal, NO_COLOR is unset or empty, and TERM is not "dumb".
	Color ColorMode

	// TLSCertFile and TLSKeyFile, when both set, name PEM files holding the
	// certificate chain and key to serve HTTPS with.
	TLSCertFile, TLSKeyFile string

	// AdhocTLS, when true, serves HTTPS with a self-signed certificate made
	// in memory at start (see AdhocTLSConfig); the banner shows its
	// SHA-256 fingerprint.
	AdhocTLS bool

	// TLSConfig, if not nil, is the configuration to serve HTTPS with. It
	// is cloned; certificates from TLSCertFile/TLSKeyFile or AdhocTLS are
	// added to the clone.
	TLSConfig *tls.Config

	// Static lists directories served under URL prefixes, checked in
	// order before the app. If empty, everything goes to the app.
	Static []Mount

	// Debugger, when true, wraps the app in the debugger of package
	// debugpage: a panic answers with an interactive traceback page (HTML
	// for browsers, text for curl, JSON for API clients) instead of a plain
	// 500, and the page's assets are served under /__devserve/. If false,
	// panics get a plain 500, except under a supervisor (DEVSERVE_ADDR
	// set, by the reloader or by devserve run): there the developer is
	// looking at a browser, so the debugger is on unless PassthroughErrors
	// is set.
	Debugger bool

	// PassthroughErrors, when true, leaves panics unrecovered so that a
	// debugger attached to the process stops where they happen; net/http
	// then logs them and drops the connection. If false, a panic is
	// answered with a plain 500, its stack goes to Output, and the server
	// serves on. The debugger, when on, still turns panics into pages.
	PassthroughErrors bool

	// Reloader, when true, makes the program rebuild and restart itself
	// from its own source whenever that changes, as Werkzeug's
	// use_reloader does: the first process becomes a supervisor that owns
	// the address, builds the program's main package with the settings
	// recorded in its build information, runs the result as a plain
	// server on a private loopback port, and proxies to it, holding
	// requests while it restarts and showing build errors and crashes in
	// the browser. If false, the program serves by itself. See the package
	// documentation for what rebuilding needs.
	Reloader bool

	// ExtraFiles holds globs of files, besides the Go source the program
	// is built from, whose changes restart it (without a rebuild), such as
	// "templates/*.html". Relative globs are taken from the main package's
	// directory. If empty, only the build's own files count.
	ExtraFiles []string

	// ExcludePatterns holds globs of files whose changes never trigger a
	// reload, relative to the main package's directory. If empty, only
	// the reloader's own exclusions apply (tests, editor files, .git).
	ExcludePatterns []string

	// ReloaderInterval, when positive, makes the reloader poll files with
	// stat at this interval instead of waiting for notifications. If
	// zero, fsnotify is used, and stat polling every 300ms only where
	// notifications cannot work.
	ReloaderInterval time.Duration

	// Grace bounds graceful shutdown: requests still running this long
	// after the stop signal are cut off. If zero or negative, 5s is used,
	// as by the reloader's Engine.Grace, which it is also given.
	Grace time.Duration

	// ReadHeaderTimeout bounds the time a client may take to send request
	// headers. If zero or negative, 10s is used.
	ReadHeaderTimeout time.Duration

	// OnListen, if not nil, is called with the bound address once the
	// listener is open and the banner printed, before the first request is
	// accepted (connections made from then on wait in the listen queue).
	OnListen func(net.Addr)
}

// Mount serves the files of a directory under a URL prefix.
type Mount struct {
	// Prefix is the URL path the directory appears under, such as
	// "/static/". A missing leading or trailing slash is added.
	Prefix string

	// Dir is the directory served. Requests cannot reach outside it.
	Dir string

	// Listing, when true, lists directories that have no index.html. If
	// false, such requests go to the app like any file not found.
	Listing bool
}

// ColorMode says when output is colored.
type ColorMode int

// The color modes.
const (
	ColorAuto   ColorMode = iota // color terminals unless NO_COLOR is set
	ColorAlways                  // always emit color escapes
	ColorNever                   // never emit color escapes
)

// An Option changes one setting of a server.
type Option func(*Options)

// WithOutput sends the banner and server errors to w.
func WithOutput(w io.Writer) Option { return func(o *Options) { o.Output = w } }

// WithLog sends the request log to w; io.Discard turns it off.
func WithLog(w io.Writer) Option { return func(o *Options) { o.Log = w } }

// WithColor forces color on or off, whatever the output is.
func WithColor(on bool) Option {
	return func(o *Options) {
		o.Color = ColorNever
		if on {
			o.Color = ColorAlways
		}
	}
}

// WithTLSFiles serves HTTPS with the certificate and key in the PEM files
// certFile and keyFile.
func WithTLSFiles(certFile, keyFile string) Option {
	return func(o *Options) { o.TLSCertFile, o.TLSKeyFile = certFile, keyFile }
}

// WithAdhocTLS serves HTTPS with a self-signed certificate made at start.
func WithAdhocTLS() Option { return func(o *Options) { o.AdhocTLS = true } }

// WithTLSConfig serves HTTPS with cfg.
func WithTLSConfig(cfg *tls.Config) Option { return func(o *Options) { o.TLSConfig = cfg } }

// WithStatic serves the files of dir under the URL prefix, without
// directory listings. It may be given more than once.
func WithStatic(prefix, dir string) Option {
	return func(o *Options) { o.Static = append(o.Static, Mount{Prefix: prefix, Dir: dir}) }
}

// WithStaticListing is WithStatic with directory listings.
func WithStaticListing(prefix, dir string) Option {
	return func(o *Options) {
		o.Static = append(o.Static, Mount{Prefix: prefix, Dir: dir, Listing: true})
	}
}

// WithDebugger shows panics as an interactive traceback page.
func WithDebugger() Option { return func(o *Options) { o.Debugger = true } }

// WithPassthroughErrors leaves panics unrecovered, for running under a
// debugger.
func WithPassthroughErrors() Option { return func(o *Options) { o.PassthroughErrors = true } }

// WithReloader makes the program rebuild and restart itself when its
// source changes; see Options.Reloader.
func WithReloader() Option { return func(o *Options) { o.Reloader = true } }

// WithExtraFiles has the reloader also watch the files matching globs.
// It may be given more than once.
func WithExtraFiles(globs ...string) Option {
	return func(o *Options) { o.ExtraFiles = append(o.ExtraFiles, globs...) }
}

// WithExcludePatterns has the reloader ignore the files matching globs.
// It may be given more than once.
func WithExcludePatterns(globs ...string) Option {
	return func(o *Options) { o.ExcludePatterns = append(o.ExcludePatterns, globs...) }
}

// WithReloaderInterval has the reloader poll files with stat every
// interval, Werkzeug's reloader_type="stat".
func WithReloaderInterval(interval time.Duration) Option {
	return func(o *Options) { o.ReloaderInterval = interval }
}

// WithGrace sets how long in-flight requests may run after the stop signal.
func WithGrace(d time.Duration) Option { return func(o *Options) { o.Grace = d } }

// WithReadHeaderTimeout sets how long a client may take to send headers.
func WithReadHeaderTimeout(d time.Duration) Option {
	return func(o *Options) { o.ReadHeaderTimeout = d }
}

// WithOnListen calls f with the bound address once the server is ready.
func WithOnListen(f func(net.Addr)) Option { return func(o *Options) { o.OnListen = f } }
