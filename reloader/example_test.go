package reloader_test

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/devserve/devserve/reloader"
)

// The engine builds the app in testdata/app, runs it on a free loopback
// port (handed down as PORT and DEVSERVE_ADDR), and would rebuild and
// restart it on every change of its sources until ctx is canceled.
func ExampleEngine() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	e := &reloader.Engine{
		Dir:    "testdata/app",
		Stdout: io.Discard,
		OnEvent: func(ev reloader.Event) {
			switch ev.Kind {
			case reloader.BuildFailed:
				fmt.Println(ev.Err)
				ready <- ""
			case reloader.Ready:
				ready <- ev.Addr
			}
		},
	}
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()

	addr := <-ready
	if addr == "" {
		cancel()
		<-done
		return
	}
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(string(body))

	cancel() // stops the app, waits for it, removes the binaries
	fmt.Println(<-done)
	// Output:
	// v1
	// <nil>
}
