package proxy

import (
	"bufio"
	"context"
	"crypto/tls"
	"net"
	"sync"
)

// appPool keeps the keep-alive connections over which forwardPlain sends
// requests to the app. Its zero value is ready to use.
type appPool struct {
	mu   sync.Mutex
	idle map[string][]*appConn // by address; the most recently used last
}

// maxIdlePerApp bounds the keep-alive connections kept to one address.
const maxIdlePerApp = 256

// appConn is a keep-alive connection to the app, plain or over TLS.
type appConn struct {
	net.Conn
	raw   net.Conn // the TCP connection under Conn, which open checks
	br    *bufio.Reader
	bw    *bufio.Writer
	local string // the local address, as net/http's panic log names it
}

// get returns an idle connection to addr that the app has not closed,
// or a new one, over TLS if conf is not nil.
func (p *appPool) get(ctx context.Context, addr string, conf *tls.Config) (*appConn, error) {
	for {
		p.mu.Lock()
		pool := p.idle[addr]
		if len(pool) == 0 {
			p.mu.Unlock()
			break
		}
		c := pool[len(pool)-1]
		pool[len(pool)-1] = nil
		p.idle[addr] = pool[:len(pool)-1]
		p.mu.Unlock()
		if c.br.Buffered() == 0 && open(c.raw) {
			return c, nil
		}
		c.Close()
	}
	nc, raw, err := dialApp(ctx, addr, conf)
	if err != nil {
		return nil, err
	}
	return &appConn{
		Conn:  nc,
		raw:   raw,
		br:    bufio.NewReaderSize(nc, 4<<10),
		bw:    bufio.NewWriterSize(nc, 4<<10),
		local: nc.LocalAddr().String(),
	}, nil
}

// put returns c to addr's pool if reuse holds, else closes it.
func (p *appPool) put(addr string, c *appConn, reuse bool) {
	if reuse {
		p.mu.Lock()
		if p.idle == nil {
			p.idle = make(map[string][]*appConn)
		}
		if pool := p.idle[addr]; len(pool) < maxIdlePerApp {
			p.idle[addr] = append(pool, c)
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
	}
	c.Close()
}

// cut closes c at once, whatever it is doing.
func (c *appConn) cut() { c.raw.Close() }

// closeIdle closes every idle connection.
func (p *appPool) closeIdle() {
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, pool := range idle {
		for _, c := range pool {
			c.Close()
		}
	}
}
