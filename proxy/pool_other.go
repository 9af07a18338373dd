//go:build !unix

package proxy

import "net"

// plainPossible reports whether forwardPlain may send requests over
// pooled connections: only where open can tell a closed one. Here it
// cannot, so every request goes through httputil.ReverseProxy.
const plainPossible = false

// open is not used where plainPossible is false.
func open(net.Conn) bool { return false }
