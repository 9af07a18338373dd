package serving_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"

	"github.com/devserve/devserve/serving"
)

// Run serves until its context is cancelled. Here the server fetches its
// own page once it listens, then stops; a program would call RunSimple
// and stop on Ctrl+C.
func ExampleRun() {
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "Hello from", r.URL.Path)
	})
	ctx, stop := context.WithCancel(context.Background())
	fetch := func(addr net.Addr) {
		go func() {
			defer stop()
			resp, err := http.Get("http://" + addr.String() + "/hello")
			if err != nil {
				log.Print(err)
				return
			}
			defer resp.Body.Close()
			_, _ = io.Copy(io.Discard, io.TeeReader(resp.Body, writerFunc(func(b []byte) { fmt.Print(string(b)) })))
		}()
	}
	err := serving.Run(ctx, "localhost:0", app,
		serving.WithOutput(io.Discard), // the banner and request log
		serving.WithOnListen(fetch))
	fmt.Println("stopped:", err)
	// Output:
	// Hello from /hello
	// stopped: <nil>
}

// writerFunc makes a function an io.Writer.
type writerFunc func([]byte)

func (f writerFunc) Write(b []byte) (int, error) { f(b); return len(b), nil }

// RunSimple is all a program needs: it serves until Ctrl+C.
func ExampleRunSimple() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "Hello, world")
	})
	if err := serving.RunSimple("localhost:8080", nil,
		serving.WithStatic("/static/", "static"),
		serving.WithAdhocTLS(),
	); err != nil {
		log.Fatal(err)
	}
}

// With the reloader, the program rebuilds and restarts itself when its
// source changes, however it was started (go run ., or go build and run
// the binary): save a file, and the browser reloads with the new code, or
// shows the compiler's errors.
func ExampleWithReloader() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "Hello, world")
	})
	if err := serving.RunSimple("localhost:8080", nil,
		serving.WithReloader(),
		serving.WithExtraFiles("templates/*.html"), // restart when templates change too
		serving.WithExcludePatterns("generated/*"),
	); err != nil {
		log.Fatal(err)
	}
}
