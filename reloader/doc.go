// Package reloader is the engine under devserve: it computes the exact set
// of files a main package is built from, watches them, rebuilds on change
// while the old process keeps serving, and supervises the running app
// (start, readiness, graceful stop, crash capture). It also runs the code
// generators whose sources go list does not see before the builds they
// feed, and the companion processes that run beside the app (a CSS or
// JavaScript bundler in watch mode). It speaks no HTTP to
// clients: what it does is reported as a stream of typed Events, which the
// terminal and package proxy follow.
package reloader
