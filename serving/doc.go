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
// leaves panics to net/http, for debuggers.
//
// Static mounts ([WithStatic]) serve a directory under a URL prefix in
// front of the app, with ETag and Last-Modified; a request for a file that
// is not there goes on to the app. Nothing outside the directory can be
// reached, whatever the encoding of the path or the symbolic links in it.
//
// serving is not meant for production: it favours clear output and safe
// defaults over throughput and hardening.
package serving
