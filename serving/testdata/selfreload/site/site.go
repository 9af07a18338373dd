// Package site serves the test app: GET / answers with the message, the
// build tag, the main package and the process ids; GET /panic panics. Each process says so
// when it stops cleanly.
package site

import (
	"fmt"
	"net/http"
	"os"

	"example.com/selfreload/msg"
	"github.com/devserve/devserve/serving"
)

// Serve serves on the address in os.Args[1] with the reloader.
func Serve(name string) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s %s pid=%d ppid=%d\n", msg.Text(), tag, name, os.Getpid(), os.Getppid())
	})
	mux.HandleFunc("/panic", func(w http.ResponseWriter, r *http.Request) {
		panic("boom from the test app")
	})
	if err := serving.RunSimple(os.Args[1], mux, serving.WithReloader()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "pid %d stopped cleanly\n", os.Getpid())
}
