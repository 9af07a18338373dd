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
// serving is not meant for production: it favours clear output and safe
// defaults over throughput and hardening.
package serving
