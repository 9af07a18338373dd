package reloader

import (
	"cmp"
	"context"
	"errors"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"time"
)

// readyPoll is how often the app's address is tried while it starts, and
// latePoll how often after the readiness timeout, for an app that takes
// longer. lookPoll and lateLook are how often, meanwhile, the engine
// looks for the other addresses the app listens on.
const (
	readyPoll = 2 * time.Millisecond
	latePoll  = 100 * time.Millisecond
	lookPoll  = 100 * time.Millisecond
	lateLook  = time.Second
)

// errNotListening reports an app that did not accept connections in time.
var errNotListening = errors.New("reloader: the app is not listening")

// readiness is where a starting app was found accepting connections, or
// why it was not.
type readiness struct {
	addr    string   // where the app accepts connections; "" if it does not
	adopted bool     // addr is not the address the app was given, but the only one it listens on
	others  []string // with errNotListening: the addresses the app listens on instead
	err     error    // errNotListening, or the context's error once the app is gone
}

// awaitListen waits until the app accepts connections on want or, when
// adopt is set, listens on one other port only, and sends the verdict
// on c.ready. When the app is reported not listening (several other
// ports, or the timeout), it keeps waiting and sends a second verdict if
// the app is found after all; when it is adopted elsewhere, a last one
// if it opens want before the timeout (a metrics port opened before the
// main one). It sends three verdicts at most.
func (c *child) awaitListen(ctx context.Context, want string, adopt bool, timeout time.Duration) {
	s := &listenSearch{adopt: adopt, deadline: time.Now().Add(timeout)}
	poll, lookEvery := readyPoll, lookPoll
	t := time.NewTicker(poll)
	defer t.Stop()
	var looked time.Time
	for {
		if accepts(ctx, want) {
			c.ready <- readiness{addr: want}
			return
		}
		if now := time.Now(); now.Sub(looked) >= lookEvery {
			looked = now
			switch v := s.look(now, c.otherListeners(ctx, want)); v.kind {
			case verdictAdopt:
				c.ready <- readiness{addr: v.addr, adopted: true}
				c.awaitOwn(ctx, want, s.deadline)
				return
			case verdictNotListening:
				c.ready <- readiness{err: errNotListening, others: v.others}
				poll, lookEvery = latePoll, lateLook
				t.Reset(poll)
			}
		}
		select {
		case <-ctx.Done():
			if !s.reported {
				c.ready <- readiness{err: ctx.Err()}
			}
			return
		case <-t.C:
		}
	}
}

// awaitOwn sends want on c.ready if it accepts connections before the
// deadline.
func (c *child) awaitOwn(ctx context.Context, want string, deadline time.Time) {
	t := time.NewTicker(latePoll)
	defer t.Stop()
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if accepts(ctx, want) {
			c.ready <- readiness{addr: want}
			return
		}
	}
}

// accepts reports whether addr accepts a TCP connection.
func accepts(ctx context.Context, addr string) bool {
	d := net.Dialer{Timeout: 100 * time.Millisecond}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// otherListeners returns the addresses, other than want, at which the
// app accepts connections, one per port: from the sockets its process
// group listens on where the system says (Linux), else from the
// addresses its output named.
func (c *child) otherListeners(ctx context.Context, want string) []string {
	addrs, ok := groupListeners(c.cmd.Process.Pid)
	if !ok {
		addrs = c.heard.list()
	}
	var out []string
	seen := make(map[uint16]bool)
	for _, a := range byPreference(addrs) {
		d := dialAddr(a.String())
		if d == want || seen[a.Port()] || !accepts(ctx, d) {
			continue
		}
		seen[a.Port()] = true
		out = append(out, d)
	}
	slices.SortFunc(out, func(x, y string) int { return cmp.Compare(portOf(x), portOf(y)) })
	return out
}

// byPreference sorts addrs so that, of the addresses of one port, the
// one to dial comes first: IPv4 (or any, which is dialed as 127.0.0.1)
// before IPv6.
func byPreference(addrs []netip.AddrPort) []netip.AddrPort {
	addrs = slices.Clone(addrs)
	rank := func(a netip.AddrPort) int {
		if ip := a.Addr(); ip.Is4() || ip.IsUnspecified() {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(addrs, func(x, y netip.AddrPort) int { return cmp.Compare(rank(x), rank(y)) })
	return addrs
}

// portOf returns the port of a host:port address, 0 if it has none.
func portOf(addr string) int {
	_, port, _ := net.SplitHostPort(addr)
	n, _ := strconv.Atoi(port)
	return n
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
