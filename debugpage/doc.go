// Package debugpage turns errors into pages a developer can act on.
//
// A panic in a handler, a crashed process and a failed build all become a
// [Report]; a Report renders as an interactive, syntax-highlighted HTML page
// for browsers, as plain text shaped like a Go traceback for curl, as
// JSON for API clients, and as Markdown to paste into an issue (the page's
// "Copy as Markdown", or Accept: text/markdown).
//
// # The middleware
//
// [Handler] wraps an http.Handler so that a panic answers the request with
// status 500 and a page showing the panic value, the error chain of an
// error value, the panicking goroutine's frames (the app's line nearest
// the panic open first, with its source, the whole function on expand;
// the frames of the standard library, of dependencies and of devserve
// itself collapsed), the request (secrets masked) and every other
// goroutine:
//
//	http.ListenAndServe("127.0.0.1:8080", debugpage.Handler(mux))
//
// It holds the handler's status and headers back until the first body
// byte, so the page can replace them; a panic after that is logged and the
// connection aborted. Short of a panic, the response is byte for byte the
// one the handler sends without the middleware. The page's stylesheets and script are served under
// [AssetPrefix] by the middleware, and by [Assets] for other servers.
// [Debugger] is the configurable form.
//
// The debugger shows a running program's source: it is meant for
// development, never for a server others can reach. Pages go only to
// clients on this machine (loopback addresses) and to those
// [Debugger.Trust] names; any other client gets a plain 500 with an id
// that the log shows next to the traceback. Pages and assets are served
// only under localhost, names under .localhost, loopback addresses, the
// address the request came in on and the host names Trust lists (a
// defense against DNS rebinding); any other Host gets a 400. Behind a
// supervisor such as devserve run, the client is the one
// [ForwardedHeader] names, signed with the supervisor's per-run secret
// (DEVSERVE_SECRET); X-Forwarded-For is never believed. Such a request is
// shown as the client sent it: from that client, at the scheme and host
// it asked for, without the header fields the supervisor's proxy added.
//
// # Other reports
//
// [ParseCrash] turns the output of a crashed Go program (an unrecovered
// panic, a fatal error such as concurrent map writes or a deadlock, a stack
// overflow), or net/http's log of a recovered panic, into a Report.
// [Renderer] draws any Report as the response to a request.
//
// # Environment
//
// DEVSERVE_EDITOR is the template of the links that open a frame in an
// editor, with {path}, {line} and {col}, for example
// "goland://open?file={path}&line={line}"; the default opens Visual Studio
// Code ([DefaultEditor]), and "none" turns links off. DEVSERVE_PATH_MAP
// rewrites paths in those links for programs built in a container:
// "/app=/home/me/src/app".
//
// DEVSERVE_SECRET, DEVSERVE_TRUST and DEVSERVE_TRUSTED_HOSTS are how a
// supervisor hands its trust settings down ([TrustFromEnv]).
//
// Source lines are read from the paths compiled into the binary: builds
// with -trimpath show frames without source.
package debugpage
