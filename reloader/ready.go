package reloader

import (
	"context"
	"errors"
	"net"
	"time"
)

// readyPoll is how often the app's address is tried while it starts, and
// latePoll how often after the readiness timeout, for an app that takes
// longer.
const (
	readyPoll = 2 * time.Millisecond
	latePoll  = 100 * time.Millisecond
)

// errNotListening reports an app that did not accept connections in time.
var errNotListening = errors.New("reloader: the app is not listening")

// waitReady tries to connect to addr every interval until it succeeds
// (nil), the timeout passes (errNotListening), or ctx is done (its error).
func waitReady(ctx context.Context, addr string, interval, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	d := net.Dialer{Timeout: 100 * time.Millisecond}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			conn.Close()
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if time.Now().After(deadline) {
			return errNotListening
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// freeAddr returns a loopback address nothing listens on, preferring the
// port of prev so that the app keeps its address across restarts.
func freeAddr(prev string) (string, error) {
	if prev != "" {
		if l, err := net.Listen("tcp", prev); err == nil {
			l.Close()
			return prev, nil
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
