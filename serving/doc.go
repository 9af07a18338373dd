// Package serving serves an [http.Handler] for development, the way
// Werkzeug's run_simple serves a WSGI application: one call listens, prints
// a banner with the address actually bound, logs every request on one
// colored line, recovers panics, and shuts down gracefully on Ctrl+C.
//
//	func main() {
//		if err := serving.RunSimple("localhost:8080", app); err != nil {
//			log.Fatal(err)
//		}
//	}
//
// [RunSimple] handles SIGINT and SIGTERM itself; [Run] stops when its
// context is cancelled. Both take [Option] values: TLS (certificate files,
// an ad-hoc self-signed certificate, or a caller's [tls.Config]), static
// file mounts, the debugger, a request-log writer, and more; see [Options]
// for every setting and its default.
//
// Addresses take these forms:
//
//	host:port          e.g. localhost:8080, 0.0.0.0:8080
//	:port              loopback only (127.0.0.1:port): devserve binds to
//	                   all interfaces only when told to with 0.0.0.0 or [::]
//	localhost:0        any free port; the banner shows the one bound
//	[::1]:8080         IPv6 literals in brackets
//	unix:///abs.sock   a unix socket at an absolute path
//	unix://rel.sock    a unix socket relative to the working directory
//
// When the DEVSERVE_ADDR environment variable is set, as it is for an app
// running under devserve run, its address replaces the one in the code, so
// the same program works alone and under the supervisor.
//
// The request log has one line per request, Werkzeug's shape plus the
// body size and the time taken:
//
//	127.0.0.1 - - [23/Nov/2026 23:14:06] "GET /path HTTP/1.1" 200 1234 3.1ms
//
// On a terminal the quoted request is colored by status (1xx bold, 2xx
// plain, 304 cyan, other 3xx green, 404 yellow, other 4xx bold red, 5xx
// bold magenta); NO_COLOR turns colors off and [WithColor] forces them
// either way. Control characters in requests are escaped, clients of
// unix sockets show as <local>, and a response that was never sent (a
// hijacked connection, an unrecovered panic) shows "- -" for status and
// size. Lines are written from a goroutine of their own, gathered for up
// to 10ms, so that logging costs a request almost nothing.
//
// A panicking handler gets a plain 500 Internal Server Error and the
// server serves on; the panic and its stack are logged in net/http's own
// form ("http: panic serving ADDR: VALUE"), which tools that read
// net/http's output, debugpage.ParseCrash among them, understand.
// [WithDebugger] shows a traceback page instead; [WithPassthroughErrors]
// leaves panics to net/http, for debuggers. Under a supervisor (the
// reloader, or devserve run: DEVSERVE_ADDR is set) the developer is
// looking at a browser, so the traceback page is the default there,
// unless [WithPassthroughErrors] is given.
//
// # The reloader
//
// [WithReloader] is Werkzeug's use_reloader: the program rebuilds and
// restarts itself whenever its source changes.
//
//	serving.RunSimple("localhost:8080", app, serving.WithReloader())
//
// The first process becomes a supervisor, running the engine of devserve
// run: it owns the address for its whole life and proxies it to the
// program it builds, so no request fails across a restart; it watches
// exactly the files the program is built from (as go list reports them,
// plus [WithExtraFiles], minus [WithExcludePatterns]); on a change it
// builds the new program while the old one serves, then swaps them; a
// build error or a crash is shown in the browser until the next change,
// and pages reload by themselves after each restart. The supervisor
// prints Werkzeug's lines:
//
//	$ go run .
//	 * Running on http://localhost:8080
//	Press CTRL+C to quit
//	 * Restarting with fsnotify
//	 * Detected change in 'lib/version.go', reloading
//	 * Restarting with fsnotify
//
// The program it runs serves plain HTTP on a private loopback port handed
// down in DEVSERVE_ADDR (the supervisor serves TLS, if asked, on the
// public address), and with DEVSERVE_RELOADER set, so that it serves
// rather than supervise again. Programs run by devserve run serve too.
//
// The program finds its source by itself: the file of main.main (from the
// stack) names the main package's directory, and the build information
// ([debug.ReadBuildInfo]) gives the build settings to rebuild it with:
// -tags, -ldflags, -gcflags, -asmflags, -race, -buildmode, CGO_ENABLED,
// the cgo flags, GOOS, GOARCH, GOEXPERIMENT and the like. So it works
// however it was started: go run ., go run ./cmd/app, or go build and
// ./app, from any directory; go run main.go rebuilds the package of
// main.go's directory. Rebuilding needs the go command on PATH, the
// source where it was built, in a module, and paths in the binary: a
// program built with -trimpath, moved away from its source or built
// outside a module stops at once with an error saying so. Rebuilt
// programs get their command-line arguments and environment; their
// standard input is empty.
//
// Static mounts ([WithStatic]) serve a directory under a URL prefix in
// front of the app, with ETag and Last-Modified; a request for a file that
// is not there goes on to the app. Nothing outside the directory can be
// reached, whatever the encoding of the path or the symbolic links in it.
//
// serving is not meant for production: it favours clear output and safe
// defaults over throughput and hardening.
package serving
