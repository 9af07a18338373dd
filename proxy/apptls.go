package proxy

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/netip"
	"sync"
	"time"
)

// appTLS says whether the proxy speaks TLS to one run of the app, which
// it finds out on first use unless told.
type appTLS struct {
	force bool // speak TLS without asking

	once sync.Once
	conf *tls.Config // nil: plain HTTP
}

// config returns the TLS configuration to reach the app at addr with, or
// nil when the app speaks plain HTTP. The first call asks the app.
func (t *appTLS) config(addr string) *tls.Config {
	t.once.Do(func() {
		if t.force || answersTLS(addr) {
			t.conf = clientTLS(addr)
		}
	})
	return t.conf
}

// probeTimeout bounds the probe of an app's protocol.
const probeTimeout = time.Second

// answersTLS reports whether the app at addr completes a TLS handshake, or
// refuses one as TLS servers do, with an alert. A plain HTTP server takes
// the handshake for a malformed request (it always holds a line feed) and
// answers at once, without logging it, as net/http does; a TLS server
// logs nothing of a handshake followed by no request. An app that does
// not answer in time speaks plain HTTP.
func answersTLS(addr string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	d := tls.Dialer{Config: &tls.Config{InsecureSkipVerify: true, NextProtos: []string{"http/1.1"}}} // only the protocol is in question
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		var alert tls.AlertError
		return errors.As(err, &alert)
	}
	c.Close()
	return true
}

// clientTLS returns the configuration the proxy speaks TLS to the app at
// addr with: HTTP/1.1, and any certificate when addr is on loopback,
// where the app's is one made for development.
func clientTLS(addr string) *tls.Config {
	host, _, _ := net.SplitHostPort(addr)
	conf := &tls.Config{ServerName: host, NextProtos: []string{"http/1.1"}}
	if a, err := netip.ParseAddr(host); host == "localhost" || err == nil && a.IsLoopback() {
		conf.InsecureSkipVerify = true
	}
	return conf
}

// dialApp connects to the app at addr, over TLS if conf is not nil, and
// returns the connection and the TCP connection under it.
func dialApp(ctx context.Context, addr string, conf *tls.Config) (c, raw net.Conn, err error) {
	d := net.Dialer{Timeout: 5 * time.Second}
	raw, err = d.DialContext(ctx, "tcp", addr)
	if err != nil || conf == nil {
		return raw, raw, err
	}
	tc := tls.Client(raw, conf)
	if err := tc.HandshakeContext(ctx); err != nil {
		raw.Close()
		return nil, nil, err
	}
	return tc, raw, nil
}
