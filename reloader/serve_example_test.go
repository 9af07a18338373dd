package reloader_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/devserve/devserve/proxy"
	"github.com/devserve/devserve/reloader"
)

// Engine.Serve is devserve run in a few lines: the engine builds and runs
// the app, the proxy on the public address follows its events, and a
// request made while the first build runs waits for the app to answer.
func ExampleEngine_Serve() {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // the public address
	if err != nil {
		fmt.Println(err)
		return
	}
	p := &proxy.Proxy{PublicAddr: ln.Addr().String()}
	e := &reloader.Engine{Dir: "testdata/app", Stdout: io.Discard, OnEvent: p.Handle}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Serve(ctx, &http.Server{Handler: p}, ln, 2*time.Second) }()

	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		fmt.Println(err)
	} else {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(string(body))
	}

	cancel() // stops the app and the server
	fmt.Println(<-done)
	// Output:
	// v1
	// <nil>
}
