package reloader

import (
	"bytes"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"sync"
)

// hostPort is the address part of the patterns below: an optional
// scheme, a host (an IP, bracketed for IPv6, localhost, or none) and a
// port.
const hostPort = `(?:(?:https?|tcp)://)?(\[[0-9A-Fa-f:.]*\]|\d{1,3}(?:\.\d{1,3}){3}|localhost)?:(\d{1,5})\b`

// listenLineRE finds the address a line of output says the app listens
// on: "listening on :8080", "Listening and serving HTTP on :8080" (gin),
// "⇨ http server started on [::]:1323" (echo), "Server running at
// http://127.0.0.1:8585/", "starting server on localhost:3000",
// "listening on port 3000". The host is group 1, the port group 2 or 3.
var listenLineRE = regexp.MustCompile(`(?i)\b(?:listen(?:ing|s)?|serv(?:e|es|ing)|start(?:ing|ed)?|running)\b[\w ]{0,30}?\b(?:on|at)\b:?\s*(?:` +
	hostPort + `|port\s+(\d{1,5})\b)`)

// listenAttrRE finds the address a structured log line gives, when the
// line is about listening: addr=:8080, "address":"127.0.0.1:8585".
var listenAttrRE = regexp.MustCompile(`(?i)\blisten|\bserv|\bstart`)
var addrAttrRE = regexp.MustCompile(`(?i)"?\b(?:addr|address|listen|bind)"?[=:]\s*"?` + hostPort)

// localURLRE finds a URL of this machine in a line of output:
// "http://127.0.0.1:8585", "http://localhost:3000/".
var localURLRE = regexp.MustCompile(`\bhttps?://(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1?\]|0\.0\.0\.0)?:(\d{1,5})\b`)

// heardAddr returns the address a line of the app's output says it
// listens on; an unspecified host (":8080", "[::]:1323") is returned as
// such.
func heardAddr(line string) (netip.AddrPort, bool) {
	if m := listenLineRE.FindStringSubmatch(line); m != nil {
		return makeAddrPort(m[1], m[2]+m[3])
	}
	if listenAttrRE.MatchString(line) {
		if m := addrAttrRE.FindStringSubmatch(line); m != nil {
			return makeAddrPort(m[1], m[2])
		}
	}
	if m := localURLRE.FindStringSubmatch(line); m != nil {
		return makeAddrPort(m[1], m[2])
	}
	return netip.AddrPort{}, false
}

// makeAddrPort returns the address of host and port as an output line
// gives them: no host, or a bracketed IPv6 one, or localhost.
func makeAddrPort(host, port string) (netip.AddrPort, bool) {
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil || p == 0 {
		return netip.AddrPort{}, false
	}
	var ip netip.Addr
	switch host {
	case "":
		ip = netip.IPv6Unspecified()
	case "localhost":
		ip = netip.AddrFrom4([4]byte{127, 0, 0, 1})
	default:
		if ip, err = netip.ParseAddr(trimBrackets(host)); err != nil {
			return netip.AddrPort{}, false
		}
	}
	return netip.AddrPortFrom(ip, uint16(p)), true
}

// trimBrackets removes the brackets around an IPv6 address.
func trimBrackets(host string) string {
	if len(host) >= 2 && host[0] == '[' && host[len(host)-1] == ']' {
		return host[1 : len(host)-1]
	}
	return host
}

// maxHeard bounds the addresses heardAddrs keeps.
const maxHeard = 16

// heardAddrs are the addresses the app's output said it listens on, on
// either stream, each once, in the order heard.
type heardAddrs struct {
	mu    sync.Mutex // guards addrs
	addrs []netip.AddrPort
}

// scan reads lines, each ended by a newline, for addresses.
func (h *heardAddrs) scan(lines []byte) {
	for line := range bytes.Lines(lines) {
		if a, ok := heardAddr(string(line)); ok {
			h.add(a)
		}
	}
}

// add records a, unless it is known or there are too many.
func (h *heardAddrs) add(a netip.AddrPort) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.addrs) < maxHeard && !slices.Contains(h.addrs, a) {
		h.addrs = append(h.addrs, a)
	}
}

// list returns the addresses heard so far.
func (h *heardAddrs) list() []netip.AddrPort {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.addrs)
}
