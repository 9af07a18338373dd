package debugpage

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"
)

// ForwardedHeader is the header in which a supervisor in front of the
// program, such as devserve run, tells it which client a request came
// from and on which address it was accepted, signed with the per-run
// secret:
//
//	X-Devserve-Forwarded: for=192.0.2.7;by=192.0.2.1;t=1767225600;mac=M
//
// t is when the supervisor sent the request, in Unix seconds, and M the
// HMAC-SHA256 of everything before ";mac=", keyed with the secret, in
// unpadded base64url. The header is believed only when it is the only
// one, its mac is right, it is at most 30 seconds old, and the request
// came from this machine (a loopback address, or the address it was
// accepted on). The secret itself never travels: a header the program
// logs or echoes lets no one make another, and a copy sent to the program
// again counts only from this machine, whose clients are trusted anyway,
// and only for seconds. X-Forwarded-For is never believed.
const ForwardedHeader = "X-Devserve-Forwarded"

// forwardedWindow is how long a ForwardedHeader is believed after the
// supervisor signed it.
const forwardedWindow = 30 * time.Second

// The environment variables a supervisor hands its app, read by
// [TrustFromEnv].
const (
	// SecretEnv holds the supervisor's per-run secret.
	SecretEnv = "DEVSERVE_SECRET"
	// TrustEnv holds the addresses and networks trusted beside loopback,
	// comma-separated: "192.0.2.7,10.0.0.0/8".
	TrustEnv = "DEVSERVE_TRUST"
	// TrustedHostsEnv holds the host names pages may be served under
	// beside the default ones, comma-separated.
	TrustedHostsEnv = "DEVSERVE_TRUSTED_HOSTS"
)

// Trust decides who may see debug pages, which show source code, request
// data and goroutines. Its zero value trusts loopback clients only, never
// believes ForwardedHeader, and serves pages only under the default host
// names. A nil *Trust is the zero value.
//
// A request's Host must be localhost, a name under .localhost, a loopback
// address, the address the request was accepted on, or one of Hosts; any
// other host is refused, so that a page on another site cannot reach the
// debugger through a name rebound to 127.0.0.1 (DNS rebinding). Case and
// port do not matter; IPv6 addresses may be bracketed.
type Trust struct {
	// Clients are the addresses and networks whose clients are trusted
	// beside loopback ones, which always are. If empty, only loopback
	// clients are.
	Clients []netip.Prefix

	// Hosts are host names pages may also be served under. A leading dot
	// allows every name under it: ".example.test". If empty, only the
	// default names are allowed.
	Hosts []string

	// Secret is the supervisor's per-run secret: ForwardedHeader is
	// believed only when signed with it. If empty, the header is never
	// believed.
	Secret string
}

// TrustFromEnv returns the Trust the environment describes: Secret from
// DEVSERVE_SECRET, Clients from DEVSERVE_TRUST and Hosts from
// DEVSERVE_TRUSTED_HOSTS. A malformed entry is an error.
func TrustFromEnv() (*Trust, error) {
	t := &Trust{Secret: os.Getenv(SecretEnv), Hosts: splitList(os.Getenv(TrustedHostsEnv))}
	for _, s := range splitList(os.Getenv(TrustEnv)) {
		p, err := ParseClients(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", TrustEnv, err)
		}
		t.Clients = append(t.Clients, p)
	}
	return t, nil
}

// ParseClients parses an address ("192.0.2.7", "::1") or a network in CIDR
// notation ("10.0.0.0/8") as a prefix for [Trust.Clients].
func ParseClients(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("debugpage: trust %q: want an address or CIDR network", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("debugpage: trust %q: want an address or CIDR network", s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// splitList splits a comma-separated list, dropping empty entries.
func splitList(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// Peer returns the address of the client r came from and the address it
// was accepted on: those ForwardedHeader names when it is believed, else
// the connection's own. An address that cannot be told is
// the zero Addr.
func (t *Trust) Peer(r *http.Request) (client, local netip.Addr) {
	p := t.peer(r)
	return p.client, p.local
}

// peer is where a request came from.
type peer struct {
	client, local netip.Addr
	// vouched is set when a believed ForwardedHeader named client and
	// local: the request came through the supervisor's proxy.
	vouched bool
}

// peer returns what Peer does, and whether ForwardedHeader said it.
func (t *Trust) peer(r *http.Request) peer {
	if p, ok := t.forwarded(r); ok {
		p.vouched = true
		return p
	}
	p := peer{client: addrOf(r.RemoteAddr)}
	if la, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		p.local = addrOf(la.String())
	}
	return p
}

// Trusted reports whether r comes from a client allowed to see debug
// pages: a loopback one, or one in Clients.
func (t *Trust) Trusted(r *http.Request) bool {
	client, _ := t.Peer(r)
	return t.trusts(client)
}

// trusts reports whether client may see debug pages.
func (t *Trust) trusts(client netip.Addr) bool {
	if !client.IsValid() {
		return false
	}
	if client.IsLoopback() {
		return true
	}
	if t == nil {
		return false
	}
	for _, p := range t.Clients {
		if p.Contains(client) {
			return true
		}
	}
	return false
}

// HostAllowed reports whether r's Host is one pages may be served under.
func (t *Trust) HostAllowed(r *http.Request) bool {
	_, local := t.Peer(r)
	return t.hostOK(r.Host, local)
}

// hostOK reports whether pages may be served under the Host header
// hostport, for a request accepted on local.
func (t *Trust) hostOK(hostport string, local netip.Addr) bool {
	host := hostOnly(hostport)
	if host == "" {
		return false
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if a = a.Unmap(); a.IsLoopback() || a == local {
			return true
		}
	}
	if t == nil {
		return false
	}
	for _, h := range t.Hosts {
		h = strings.ToLower(h)
		if host == hostOnly(h) || strings.HasPrefix(h, ".") && strings.HasSuffix(host, h) {
			return true
		}
	}
	return false
}

// hostOnly returns the host of a Host header or address, lowercase,
// without port, brackets or a final dot.
func hostOnly(hostport string) string {
	h := strings.ToLower(strings.TrimSpace(hostport))
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.Trim(h, "[]"), ".")
	return h
}

// addrOf returns the IP address of "host:port" or of a bare address.
func addrOf(hostport string) netip.Addr {
	if ap, err := netip.ParseAddrPort(hostport); err == nil {
		return ap.Addr().Unmap()
	}
	a, _ := netip.ParseAddr(strings.Trim(hostport, "[]"))
	return a.Unmap()
}

// forwarded parses r's ForwardedHeader, if there is exactly one, r came
// from this machine, and the header is signed with t's secret and fresh.
func (t *Trust) forwarded(r *http.Request) (peer, bool) {
	vals := r.Header.Values(ForwardedHeader)
	if t == nil || t.Secret == "" || len(vals) != 1 || !fromThisMachine(r) {
		return peer{}, false
	}
	return verifyForwarded(vals[0], t.Secret, time.Now())
}

// fromThisMachine reports whether r's connection came from this machine:
// from a loopback address, or from the address it was accepted on.
func fromThisMachine(r *http.Request) bool {
	peer := addrOf(r.RemoteAddr)
	if peer.IsLoopback() {
		return true
	}
	la, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	return ok && peer.IsValid() && peer == addrOf(la.String())
}

// verifyForwarded returns what the header value v says, if it is signed
// with secret and was signed at most forwardedWindow before now.
func verifyForwarded(v, secret string, now time.Time) (peer, bool) {
	msg, mac, ok := strings.Cut(v, ";mac=")
	if !ok || !hmac.Equal([]byte(mac), []byte(sign(msg, secret))) {
		return peer{}, false
	}
	var f peer
	signed := int64(-1)
	for part := range strings.SplitSeq(msg, ";") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "for":
			f.client = addrOf(v)
		case "by":
			f.local = addrOf(v)
		case "t":
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				signed = n
			}
		}
	}
	age := now.Sub(time.Unix(signed, 0))
	return f, signed >= 0 && age > -time.Second && age <= forwardedWindow
}

// sign returns the mac of msg under secret, as ForwardedHeader carries it.
func sign(msg, secret string) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(msg))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// SetForwarded sets out's ForwardedHeader, replacing any copy the client
// sent, to say that in came from its client to its local address, signed
// with secret. With an empty secret it only removes the header.
func SetForwarded(out, in *http.Request, secret string) {
	out.Header.Del(ForwardedHeader)
	if v := ForwardedValue(in, secret); v != "" {
		out.Header.Set(ForwardedHeader, v)
	}
}

// ForwardedValue returns the value SetForwarded gives ForwardedHeader
// for a request forwarded from in now, or "" if secret is empty, for a
// proxy that writes its requests itself.
func ForwardedValue(in *http.Request, secret string) string {
	return forwardedValue(in, secret, time.Now())
}

// forwardedValue is ForwardedValue signed at now.
func forwardedValue(in *http.Request, secret string, now time.Time) string {
	if secret == "" {
		return ""
	}
	msg := "for=" + addrOf(in.RemoteAddr).String()
	if la, ok := in.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		msg += ";by=" + addrOf(la.String()).String()
	}
	msg += ";t=" + strconv.FormatInt(now.Unix(), 10)
	return msg + ";mac=" + sign(msg, secret)
}

// NewSecret returns a new random per-run secret.
func NewSecret() string {
	return rand.Text()
}

// NewID returns a short random id that ties a withheld page to the
// traceback logged in its stead.
func NewID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// WriteWithheld answers r with a plain 500 that names only id, for a
// client not trusted with the debug page: the page's content goes to the
// log under the same id.
func WriteWithheld(w http.ResponseWriter, id string) {
	writePlain(w, http.StatusInternalServerError, "Internal Server Error (id "+id+"; the details are in the server's log)\n")
}

// WriteBadHost answers a request whose Host is not allowed with a 400.
func WriteBadHost(w http.ResponseWriter, r *http.Request) {
	writePlain(w, http.StatusBadRequest, fmt.Sprintf("Bad Request: host %q is not allowed for devserve's pages; add it with --trusted-host\n", hostOnly(r.Host)))
}

// writePlain writes a short text response.
func writePlain(w http.ResponseWriter, status int, text string) {
	h := w.Header()
	clear(h)
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, text)
}
