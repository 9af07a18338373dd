package proxy_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/devserve/devserve/proxy"
	"github.com/devserve/devserve/reloader"
)

// The proxy is driven by the engine's events: devserve run passes each
// Event to Handle from Engine.OnEvent. Here the events are fed by hand.
func ExampleProxy() {
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello from the app")
	}))
	defer app.Close()

	p := &proxy.Proxy{}
	public := httptest.NewServer(p) // devserve's public address
	defer public.Close()

	addr := app.Listener.Addr().String()
	p.Handle(reloader.Event{Kind: reloader.Building})
	p.Handle(reloader.Event{Kind: reloader.Started, Addr: addr})
	p.Handle(reloader.Event{Kind: reloader.Ready, Addr: addr})

	resp, err := http.Get(public.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Print(string(body))
	// Output: hello from the app
}
