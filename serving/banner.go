package serving

import (
	"io"
	"net"
	"path/filepath"
	"strconv"
)

// banner is what a server prints when it starts.
type banner struct {
	scheme      string   // "http" or "https"
	addr        address  // the address asked for
	bound       net.Addr // the address actually bound
	fingerprint string   // SHA-256 of an ad-hoc certificate, or ""
	fromEnv     bool     // addr came from DEVSERVE_ADDR: a supervisor is in front
	reloaded    bool     // the supervisor is this package's reloader, whose banner says it all
	debugger    bool     // the debugger is on
}

// write prints the banner to w. Under a supervisor it prints only where
// the app listens, and not as a URL: users should browse the supervisor's
// address, which its own banner shows. Under the reloader, whose banner
// shows the address and which says when it restarts the program, it
// prints only whether the debugger is active, as Werkzeug does.
func (b banner) write(w io.Writer, p palette) {
	if b.reloaded {
		if b.debugger {
			printLine(w, " * Debugger is active: panics show a traceback page")
		}
		return
	}
	if b.fromEnv {
		printLine(w, " * Serving behind devserve on "+b.bound.String()+" (DEVSERVE_ADDR)")
		return
	}
	p.warning.Fprintln(w, "WARNING: This is a development server. Do not use it in a production deployment.")
	if b.addr.allInterfaces() {
		printLine(w, " * Running on all addresses ("+b.addr.host+")")
	}
	for _, u := range b.urls() {
		printLine(w, " * Running on "+u)
	}
	if b.addr.allInterfaces() {
		p.notice.Fprintln(w, " * Anyone on your network can reach this server.")
	}
	if b.fingerprint != "" {
		printLine(w, " * Ad-hoc TLS certificate, SHA-256 fingerprint "+b.fingerprint)
	}
	if b.debugger {
		printLine(w, " * Debugger is active: panics show a traceback page")
	}
	p.quit.Fprintln(w, "Press CTRL+C to quit")
}

// printLine prints an uncolored line.
func printLine(w io.Writer, line string) {
	_, _ = io.WriteString(w, line+"\n")
}

// urls returns the URLs the server can be reached at: for an
// all-interfaces bind, the loopback URL and, when the machine has one, its
// LAN URL.
func (b banner) urls() []string {
	if b.addr.network == "unix" {
		p, err := filepath.Abs(b.addr.addr)
		if err != nil {
			p = b.addr.addr
		}
		return []string{"unix://" + filepath.ToSlash(p)}
	}
	port := ""
	if tcp, ok := b.bound.(*net.TCPAddr); ok {
		port = strconv.Itoa(tcp.Port)
	}
	if !b.addr.allInterfaces() {
		return []string{b.url(b.addr.host, port)}
	}
	v6 := net.ParseIP(b.addr.host).To4() == nil
	loopback := "127.0.0.1"
	if v6 {
		loopback = "::1"
	}
	urls := []string{b.url(loopback, port)}
	if ip := lanIP(v6); ip != nil {
		urls = append(urls, b.url(ip.String(), port))
	}
	return urls
}

// url returns the URL of host and port.
func (b banner) url(host, port string) string {
	return b.scheme + "://" + net.JoinHostPort(host, port)
}

// lanIP returns the address this machine uses to reach other machines, or
// nil if it has none. Connecting a UDP socket sends nothing: it only asks
// the kernel which source address a packet to a private (and unrouted)
// address would carry, as Werkzeug does.
func lanIP(v6 bool) net.IP {
	network, probe := "udp4", "10.253.155.219:58162"
	if v6 {
		network, probe = "udp6", "[fd31:f903:5ab5:1::1]:58162"
	}
	c, err := net.Dial(network, probe)
	if err != nil {
		return nil
	}
	defer c.Close()
	ip := c.LocalAddr().(*net.UDPAddr).IP
	if ip.IsLoopback() || ip.IsUnspecified() {
		return nil
	}
	return ip
}
