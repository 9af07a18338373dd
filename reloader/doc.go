// Package reloader is the engine under devserve: it computes the exact set
// of files a main package is built from, watches them, rebuilds on change
// while the old process keeps serving, supervises the running app, and
// proxies requests to it so that no client ever sees a dropped connection.
package reloader
