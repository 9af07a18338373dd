package proxy

import (
	"encoding/binary"
	"net"
	"sync"
	"time"
)

// wsConn is the client's side of a WebSocket the proxy passes through to
// the app. It follows the frames the app sends, so that the proxy can
// put a close frame of its own between two of them when the engine stops
// the app.
type wsConn struct {
	net.Conn

	mu      sync.Mutex // guards the fields below and the writes to Conn
	frames  wsFrames
	closing bool          // a close frame goes out at the next frame boundary
	closed  bool          // the close frame went out: nothing else does
	sent    chan struct{} // closed once the close frame went out, or could not; nil until closing
}

// wsRestartFrame is the close frame the proxy sends: code 1012, service
// restart, with a reason.
var wsRestartFrame = func() []byte {
	const reason = "devserve: the app is restarting"
	f := []byte{0x88, byte(2 + len(reason)), 0, 0} // FIN and close; server frames are not masked
	binary.BigEndian.PutUint16(f[2:], 1012)
	return append(f, reason...)
}()

// Write implements io.Writer for what the app sends the client: passed
// on whole until the proxy closes the connection; then up to the end of
// the frame under way, followed by the close frame.
func (c *wsConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, net.ErrClosed
	}
	if !c.closing {
		c.frames.follow(p, false)
		return c.Conn.Write(p)
	}
	n, err := c.Conn.Write(p[:c.frames.follow(p, true)])
	if err != nil || !c.frames.atBoundary() {
		return n, err
	}
	c.sendCloseLocked()
	return n, net.ErrClosed
}

// closeRestart sends the client the close frame, at once if no frame of
// the app's is under way, else once it ends, waiting at most d.
func (c *wsConn) closeRestart(d time.Duration) {
	c.Conn.SetWriteDeadline(time.Now().Add(d)) // a client that reads nothing cannot hold this
	c.mu.Lock()
	if c.sent == nil {
		c.sent = make(chan struct{})
		c.closing = true
		if c.frames.atBoundary() {
			c.sendCloseLocked()
		}
	}
	sent := c.sent
	c.mu.Unlock()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-sent:
	case <-t.C:
	}
}

// sendCloseLocked writes the close frame. c.mu must be held.
func (c *wsConn) sendCloseLocked() {
	c.Conn.Write(wsRestartFrame) // if the client is gone, so much the better
	c.closed = true
	close(c.sent)
}

// wsFrames follows a stream of WebSocket frames to know where each ends.
// Its zero value is at the start of a frame.
type wsFrames struct {
	head [14]byte // the head of the frame under way, as far as seen
	n    int      // bytes of head seen; 0 once the head is whole
	left uint64   // bytes of the frame's payload not yet seen
}

// atBoundary reports whether the bytes followed end with a whole frame.
func (f *wsFrames) atBoundary() bool { return f.n == 0 && f.left == 0 }

// follow reads p, the next bytes of the stream, and returns how many it
// read: all of p, or if stop, the bytes up to the end of the first frame
// that ends in p.
func (f *wsFrames) follow(p []byte, stop bool) int {
	i := 0
	for i < len(p) {
		if f.left > 0 {
			k := int(min(f.left, uint64(len(p)-i)))
			i += k
			f.left -= uint64(k)
		} else {
			f.head[f.n] = p[i]
			f.n++
			i++
			if size := wsHeadSize(f.head[:f.n]); f.n == size {
				f.left, f.n = wsPayloadSize(f.head[:size]), 0
			}
		}
		if stop && f.atBoundary() {
			return i
		}
	}
	return i
}

// wsHeadSize returns the size of the frame head that begins with h, or
// one more than len(h) while h is too short to tell.
func wsHeadSize(h []byte) int {
	if len(h) < 2 {
		return len(h) + 1
	}
	size := 2
	switch h[1] & 0x7f {
	case 126:
		size += 2
	case 127:
		size += 8
	}
	if h[1]&0x80 != 0 {
		size += 4 // the masking key
	}
	return size
}

// wsPayloadSize returns the payload length a whole frame head h gives.
func wsPayloadSize(h []byte) uint64 {
	switch n := h[1] & 0x7f; n {
	case 126:
		return uint64(binary.BigEndian.Uint16(h[2:]))
	case 127:
		return binary.BigEndian.Uint64(h[2:])
	default:
		return uint64(n)
	}
}
