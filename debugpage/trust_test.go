package debugpage

import (
	"bytes"
	"context"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"time"
)

// request returns a request from remote to host, accepted on local.
func request(remote, local, host string, header ...string) *http.Request {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr, r.Host = remote, host
	if local != "" {
		addr := net.TCPAddrFromAddrPort(netip.MustParseAddrPort(local))
		r = r.WithContext(context.WithValue(r.Context(), http.LocalAddrContextKey, addr))
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Add(header[i], header[i+1])
	}
	return r
}

// signed returns a ForwardedHeader value for client, signed with secret
// at the time given.
func signed(client, secret string, at time.Time) string {
	return forwardedValue(request(net.JoinHostPort(client, "5000"), "", "localhost"), secret, at)
}

func TestTrustTrusted(t *testing.T) {
	lan := &Trust{Clients: []netip.Prefix{netip.MustParsePrefix("192.168.1.0/24")}, Secret: "s3"}
	now := time.Now()
	tests := []struct {
		name  string
		trust *Trust
		r     *http.Request
		want  bool
	}{
		{"loopback v4", nil, request("127.0.0.1:5000", "", "localhost"), true},
		{"loopback v6", nil, request("[::1]:5000", "", "localhost"), true},
		{"mapped loopback", nil, request("[::ffff:127.0.0.1]:5000", "", "localhost"), true},
		{"lan untrusted", nil, request("192.168.1.7:5000", "", "localhost"), false},
		{"lan trusted", lan, request("192.168.1.7:5000", "", "localhost"), true},
		{"other net", lan, request("10.0.0.7:5000", "", "localhost"), false},
		{"garbage remote", nil, request("nonsense", "", "localhost"), false},
		{"x-forwarded-for never believed", nil, request("192.168.1.7:5000", "", "localhost", "X-Forwarded-For", "127.0.0.1"), false},
		{"forwarded without secret", nil, request("127.0.0.1:5000", "", "localhost", ForwardedHeader, "for=192.168.1.7"), true},
		{"forged loopback without secret", nil, request("192.168.1.7:5000", "", "localhost", ForwardedHeader, "for=127.0.0.1"), false},
		{"the secret itself is no mac", lan, request("127.0.0.1:5000", "", "localhost", ForwardedHeader, "secret=s3;for=10.0.0.7"), true},
		{"supervisor says remote", lan, request("127.0.0.1:5000", "", "localhost", ForwardedHeader, signed("10.0.0.7", "s3", now)), false},
		{"supervisor says loopback", lan, request("127.0.0.1:5000", "", "localhost", ForwardedHeader, signed("::1", "s3", now)), true},
		{"supervisor says trusted lan", lan, request("127.0.0.1:5000", "", "localhost", ForwardedHeader, signed("192.168.1.9", "s3", now)), true},
		{"two headers", lan, request("127.0.0.1:5000", "", "localhost", ForwardedHeader, signed("10.0.0.7", "s3", now), ForwardedHeader, signed("127.0.0.1", "s3", now)), true},
		{"from this machine's own address", lan, request("192.0.2.1:5000", "192.0.2.1:8080", "localhost", ForwardedHeader, signed("10.0.0.7", "s3", now)), false},
	}
	for _, tt := range tests {
		if got := tt.trust.Trusted(tt.r); got != tt.want {
			t.Errorf("%s: Trusted(%s, %q) = %v, want %v", tt.name, tt.r.RemoteAddr, tt.r.Header.Get(ForwardedHeader), got, tt.want)
		}
	}
}

// TestTrustForgedForwarded checks that no ForwardedHeader but a fresh one
// of the supervisor's, sent from this machine, makes a client trusted: a
// remote client that reaches the app directly gets nothing from a header
// it made up, altered, kept from an earlier request, or sent again.
func TestTrustForgedForwarded(t *testing.T) {
	tr := &Trust{Secret: "s3"}
	now := time.Now()
	good := signed("127.0.0.1", "s3", now)
	msg, mac, _ := strings.Cut(good, ";mac=")
	tests := []struct {
		name, remote, header string
	}{
		{"no mac", "127.0.0.1:5000", msg},
		{"empty mac", "127.0.0.1:5000", msg + ";mac="},
		{"other secret", "127.0.0.1:5000", signed("127.0.0.1", "guess", now)},
		{"altered client", "127.0.0.1:5000", strings.Replace(good, "for=127.0.0.1", "for=127.0.0.2", 1)},
		{"altered time", "127.0.0.1:5000", strings.Replace(msg, ";t=", ";t=1", 1) + ";mac=" + mac},
		{"field added", "127.0.0.1:5000", msg + ";for=10.0.0.7;mac=" + mac},
		{"stale", "127.0.0.1:5000", signed("10.0.0.7", "s3", now.Add(-forwardedWindow-2*time.Second))},
		{"from the future", "127.0.0.1:5000", signed("10.0.0.7", "s3", now.Add(time.Minute))},
		{"no time", "127.0.0.1:5000", "for=10.0.0.7;mac=" + sign("for=10.0.0.7", "s3")},
	}
	for _, tt := range tests {
		r := request(tt.remote, "", "localhost", ForwardedHeader, tt.header)
		if _, ok := tr.forwarded(r); ok {
			t.Errorf("%s: forwarded(%q) believed, want it ignored", tt.name, tt.header)
		}
	}
	// A good header, copied from a log, sent straight to the app from
	// elsewhere: the connection's own address counts.
	r := request("192.0.2.7:5000", "192.0.2.1:8080", "localhost", ForwardedHeader, good)
	if tr.Trusted(r) {
		t.Errorf("Trusted(%s with a copied header %q) = true, want false", r.RemoteAddr, good)
	}
	if r := request("127.0.0.1:5000", "", "localhost", ForwardedHeader, good); !tr.Trusted(r) {
		t.Errorf("Trusted(the supervisor's own fresh header %q) = false, want true", good)
	}
	const long = "a-secret-long-enough-not-to-come-up-in-a-mac-by-chance"
	if v := ForwardedValue(request("127.0.0.1:5000", "", "localhost"), long); strings.Contains(v, long) || strings.Contains(v, "secret=") {
		t.Errorf("ForwardedValue = %q, want no trace of the secret", v)
	}
}

func TestTrustHostAllowed(t *testing.T) {
	named := &Trust{Hosts: []string{"dev.example.test", ".apps.test", "192.0.2.9"}, Secret: "s3"}
	tests := []struct {
		trust *Trust
		host  string
		local string
		want  bool
	}{
		{nil, "localhost", "", true},
		{nil, "LocalHost:8080", "", true},
		{nil, "localhost.", "", true},
		{nil, "app.localhost:8080", "", true},
		{nil, "127.0.0.1:8080", "", true},
		{nil, "[::1]:8080", "", true},
		{nil, "[::1]", "", true},
		{nil, "::1", "", true},
		{nil, "", "", false},
		{nil, "attacker.example", "", false},
		{nil, "localhost.attacker.example", "", false},
		{nil, "127.0.0.1.nip.io", "", false},
		{nil, "192.168.1.5:8080", "", false},
		{nil, "192.168.1.5:8080", "192.168.1.5:8080", true},
		{nil, "192.168.1.6:8080", "192.168.1.5:8080", false},
		{named, "DEV.example.test:80", "", true},
		{named, "x.apps.test", "", true},
		{named, "apps.test.evil", "", false},
		{named, "192.0.2.9", "", true},
		{named, "example.test", "", false},
	}
	for _, tt := range tests {
		if got := tt.trust.HostAllowed(request("127.0.0.1:5000", tt.local, tt.host)); got != tt.want {
			t.Errorf("HostAllowed(%q, local %q) = %v, want %v", tt.host, tt.local, got, tt.want)
		}
	}
}

func TestParseClients(t *testing.T) {
	tests := []struct{ in, want string }{
		{"192.0.2.7", "192.0.2.7/32"},
		{"10.1.2.3/8", "10.0.0.0/8"},
		{"::1", "::1/128"},
		{"[fe80::1]", "fe80::1/128"},
		{"fd00::/8", "fd00::/8"},
		{"bogus", "error"},
		{"10.0.0.0/99", "error"},
		{"", "error"},
	}
	for _, tt := range tests {
		p, err := ParseClients(tt.in)
		got := p.String()
		if err != nil {
			got = "error"
		}
		if got != tt.want {
			t.Errorf("ParseClients(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestTrustFromEnv(t *testing.T) {
	t.Setenv(SecretEnv, "s3")
	t.Setenv(TrustEnv, "192.0.2.7, 10.0.0.0/8")
	t.Setenv(TrustedHostsEnv, "dev.test,,.apps.test")
	tr, err := TrustFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if tr.Secret != "s3" || len(tr.Clients) != 2 || strings.Join(tr.Hosts, " ") != "dev.test .apps.test" {
		t.Errorf("TrustFromEnv() = %+v, want secret s3, 2 clients, hosts dev.test .apps.test", tr)
	}
	t.Setenv(TrustEnv, "not-an-address")
	if _, err := TrustFromEnv(); err == nil {
		t.Errorf("TrustFromEnv() with %s=not-an-address = nil error, want one", TrustEnv)
	}
}

func TestSetForwarded(t *testing.T) {
	const secret = "a-longer-secret-0123456789"
	in := request("192.0.2.7:5000", "192.0.2.1:8080", "localhost", ForwardedHeader, "for=127.0.0.1;t=1;mac=forged")
	out := in.Clone(in.Context())
	out.RemoteAddr = "127.0.0.1:6000" // as the app sees the supervisor
	SetForwarded(out, in, secret)
	got := out.Header.Values(ForwardedHeader)
	want := regexp.MustCompile(`^for=192\.0\.2\.7;by=192\.0\.2\.1;t=[0-9]+;mac=[A-Za-z0-9_-]{43}$`)
	if len(got) != 1 || !want.MatchString(got[0]) {
		t.Errorf("SetForwarded header = %q, want one matching %s", got, want)
	}
	if strings.Contains(strings.Join(got, ""), secret) {
		t.Errorf("SetForwarded header = %q, want no trace of the secret", got)
	}
	client, local := (&Trust{Secret: secret}).Peer(out)
	if client.String() != "192.0.2.7" || local.String() != "192.0.2.1" {
		t.Errorf("Peer(forwarded) = %v, %v, want 192.0.2.7, 192.0.2.1", client, local)
	}
	SetForwarded(out, in, "")
	if got := out.Header.Values(ForwardedHeader); len(got) != 0 {
		t.Errorf("SetForwarded(no secret) header = %q, want none", got)
	}
}

// TestDebuggerTrust drives the middleware through a real loopback
// server, with the supervisor's header standing for clients elsewhere.
func TestDebuggerTrust(t *testing.T) {
	var seen []string // the ForwardedHeader the app saw, per request
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get(ForwardedHeader))
		panic("secret source line")
	})
	var logBuf bytes.Buffer
	d := &Debugger{Trust: &Trust{Secret: "s3", Clients: []netip.Prefix{netip.MustParsePrefix("192.0.2.8/32")}}, Log: log.New(&logBuf, "", 0), NoGoroutines: true}
	srv := httptest.NewServer(d.Handler(app))
	defer srv.Close()

	tests := []struct {
		name, host, header string
		status             int
		body               string // a fragment of the body
	}{
		{"loopback", "", "", 500, "secret source line"},
		{"untrusted via supervisor", "", signed("192.0.2.7", "s3", time.Now()), 500, "Internal Server Error (id "},
		{"trusted via supervisor", "", signed("192.0.2.8", "s3", time.Now()), 500, " HTTP/1.1 from 192.0.2.8\n"}, // the client, not the proxy
		{"forged header", "", signed("192.0.2.7", "guess", time.Now()), 500, "secret source line"},
		{"rebound host", "attacker.example", "", 400, "not allowed"},
		{"asset under rebound host", "attacker.example", "", 400, "not allowed"},
	}
	withheld := ""
	for i, tt := range tests {
		path := "/"
		if strings.HasPrefix(tt.name, "asset") {
			path = AssetPrefix + "debug.css"
		}
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if tt.host != "" {
			req.Host = tt.host
		}
		if tt.header != "" {
			req.Header.Set(ForwardedHeader, tt.header)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(b.String(), tt.body) {
			t.Errorf("%s: GET = %d %q, want %d containing %q", tt.name, resp.StatusCode, b.String(), tt.status, tt.body)
		}
		if strings.HasPrefix(tt.name, "untrusted") {
			withheld = b.String()
		}
		if i < len(seen) && seen[i] != "" {
			t.Errorf("%s: the app saw %s: %q, want it removed", tt.name, ForwardedHeader, seen[i])
		}
	}
	m := regexp.MustCompile(`Internal Server Error \(id ([0-9a-f]{8});`).FindStringSubmatch(withheld)
	if m == nil {
		t.Fatalf("withheld body = %q, want an 8-digit id", withheld)
	}
	want := "debugpage: panic " + m[1] + " serving GET / to untrusted client 192.0.2.7 (sent a plain 500):\npanic: secret source line"
	if !strings.Contains(logBuf.String(), want) {
		t.Errorf("log = %q, want %q: the withheld page's id next to its traceback", logBuf.String(), want)
	}
}
