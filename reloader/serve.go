package reloader

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Serve serves srv, whose handler is usually a proxy.Proxy fed by e's
// events, on ln while e runs, and returns what Run returns once e has
// stopped the app and srv has shut down. A server that fails stops the
// engine, and its error is returned too. Requests get a context that ends
// when e stops, which ends held requests and event streams (srv's
// BaseContext is set to give it); those still running grace after that
// are cut off.
func (e *Engine) Serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv.BaseContext = func(net.Listener) context.Context { return ctx }
	served := make(chan error, 1)
	go func() {
		served <- srv.Serve(ln)
		cancel() // a server that failed stops the engine
	}()

	runErr := e.Run(ctx)
	cancel()
	shutdownCtx, stop := context.WithTimeout(context.Background(), grace)
	defer stop()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return errors.Join(runErr, err)
	}
	return runErr
}
