package serving

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// acceptedForms lists the address forms, for error messages.
const acceptedForms = "host:port, :port, [::1]:port, unix:///abs/path.sock or unix://rel.sock"

// address is a parsed listen address.
type address struct {
	network string // "tcp" or "unix"
	host    string // the host to show in URLs; empty for unix sockets
	addr    string // what to pass to net.Listen: host:port or a socket path
}

// parseAddress parses s in one of the forms of acceptedForms. An empty host
// (":8080") means loopback: devserve binds to all interfaces only when told
// so with 0.0.0.0 or [::].
func parseAddress(s string) (address, error) {
	if path, ok := strings.CutPrefix(s, "unix://"); ok {
		if path == "" {
			return address{}, badAddress(s)
		}
		return address{network: "unix", addr: path}, nil
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil || strings.Contains(host, "/") {
		return address{}, badAddress(s)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return address{}, badAddress(s)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return address{network: "tcp", host: host, addr: net.JoinHostPort(host, port)}, nil
}

// badAddress is the error for an address that has none of the accepted forms.
func badAddress(s string) error {
	return fmt.Errorf("serving: bad address %q: want %s", s, acceptedForms)
}

// allInterfaces reports whether a is a TCP address bound to every
// interface (0.0.0.0 or ::).
func (a address) allInterfaces() bool {
	ip := net.ParseIP(a.host)
	return a.network == "tcp" && ip != nil && ip.IsUnspecified()
}
