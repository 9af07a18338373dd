package proxy

import (
	"context"
	"net"
)

// connKey is the context key of a channel request's connection.
type connKey struct{}

// withConn keeps a request's connection in its context, for peerPID.
func withConn(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// peerPID returns the process at the other end of the request's
// connection, when the system tells it (a Unix socket on Linux).
func peerPID(ctx context.Context) (int, bool) {
	c, ok := ctx.Value(connKey{}).(*net.UnixConn)
	if !ok {
		return 0, false
	}
	return unixPeer(c)
}
