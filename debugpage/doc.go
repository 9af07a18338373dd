// Package debugpage turns errors into pages a developer can act on.
//
// A panic in a handler, a crashed process and a failed build all become a
// [Report]; a Report renders as an interactive, syntax-highlighted HTML page
// for browsers, as plain text shaped like a Go traceback for curl, and as
// JSON for API clients.
package debugpage
