//go:build unix

package proxy

import (
	"net"
	"syscall"
)

// plainPossible reports whether forwardPlain may send requests over
// pooled connections: only where open can tell a closed one.
const plainPossible = true

// open reports whether the app has not closed c, or sent anything
// unasked, while it sat idle: a peek at the socket that does not wait.
func open(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	alive := false
	err = raw.Read(func(fd uintptr) bool {
		var b [1]byte
		_, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK) // the socket does not block
		alive = err == syscall.EAGAIN || err == syscall.EWOULDBLOCK
		return true
	})
	return err == nil && alive
}
