package serving

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
)

// listen opens a listener on a, with errors a person can act on.
func listen(ctx context.Context, a address) (net.Listener, error) {
	if a.network == "unix" {
		if err := removeStaleSocket(ctx, a.addr); err != nil {
			return nil, err
		}
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, a.network, a.addr)
	switch {
	case err == nil:
		return ln, nil
	case isAddrInUse(err) && a.network == "unix":
		return nil, fmt.Errorf("serving: unix socket %s is already in use; stop the other server or pick another path", a.addr)
	case isAddrInUse(err):
		return nil, fmt.Errorf("serving: address %s is already in use; stop the other server or pick another port (port 0, as in localhost:0, picks a free one)", a.addr)
	}
	return nil, fmt.Errorf("serving: %w", err)
}

// removeStaleSocket removes the unix socket at path if no server answers
// on it, as a server that did not exit cleanly leaves its socket behind.
// A live socket is left alone (listening then fails with "in use"), and so
// is anything that is not a socket.
func removeStaleSocket(ctx context.Context, path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("serving: unix socket: %w", err)
	}
	if fi.Mode()&fs.ModeSocket == 0 {
		return fmt.Errorf("serving: unix socket %s: file exists and is not a socket", path)
	}
	var d net.Dialer
	if c, err := d.DialContext(ctx, "unix", path); err == nil {
		c.Close()
		return nil
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("serving: removing stale unix socket: %w", err)
	}
	return nil
}
