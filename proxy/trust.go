package proxy

import (
	"cmp"
	"log"
	"net"
	"net/http"
	"strings"

	"github.com/devserve/devserve/debugpage"
)

// trust returns the Trust the proxy judges its own requests by: Trust
// without a secret, since no one stands in front of the proxy to vouch
// for a client, with the public address's host name allowed.
func (p *Proxy) trust() *debugpage.Trust {
	return p.defaults().trust
}

// newProxyTrust returns the proxy's Trust, made from its fields.
func (p *Proxy) newProxyTrust() *debugpage.Trust {
	t := &debugpage.Trust{}
	if p.Trust != nil {
		t.Clients = p.Trust.Clients
		t.Hosts = append(t.Hosts, p.Trust.Hosts...)
	}
	if host := publicHost(p.PublicAddr); host != "" {
		t.Hosts = append(t.Hosts, host)
	}
	return t
}

// publicHost returns the host of addr when it is a name, not an address.
func publicHost(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" || net.ParseIP(host) != nil {
		return ""
	}
	return host
}

// hostAllowed reports whether r may be answered by the proxy itself, and
// answers it with a 400 if not: a page on another site must not read
// devserve's pages through a name rebound to this machine.
func (p *Proxy) hostAllowed(w http.ResponseWriter, r *http.Request) bool {
	if p.trust().HostAllowed(r) {
		return true
	}
	debugpage.WriteBadHost(w, r)
	return false
}

// mayShow reports whether rep may be shown to r's client, and answers r
// otherwise: with a 400 for a host not allowed, and with a plain 500 for
// an untrusted client, rep going to the log under the id the 500 names.
func (p *Proxy) mayShow(w http.ResponseWriter, r *http.Request, rep *debugpage.Report) bool {
	if !p.hostAllowed(w, r) {
		return false
	}
	t := p.trust()
	if t.Trusted(r) {
		return true
	}
	id := debugpage.NewID()
	client, _ := t.Peer(r)
	var b strings.Builder
	_ = p.defaults().pages.WriteText(&b, rep)
	cmp.Or(p.Log, log.Default()).Printf("devserve: page %s withheld from untrusted client %s (sent a plain 500) for %s %s:\n%s", id, client, r.Method, r.URL.Path, b.String())
	debugpage.WriteWithheld(w, id)
	return false
}
