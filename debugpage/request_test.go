package debugpage

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestNewRequestMasks checks that secret-looking values are masked in
// headers, query, cookies, form and the URL, and that the rest is kept.
func TestNewRequestMasks(t *testing.T) {
	r := httptest.NewRequest("POST", "http://user:pw@example.com/login?next=/home&api_key=k123&Token=t1", strings.NewReader("username=ann&password=hunter2"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Authorization", "Bearer abc")
	r.Header.Set("Proxy-Authorization", "Basic xyz")
	r.Header.Set("X-Csrf-Token", "csrf1")
	r.Header.Set("X-Request-Id", "req-9")
	r.Header.Set("Cookie", "theme=dark; sessionid=s3")
	if err := r.ParseForm(); err != nil {
		t.Fatal(err)
	}
	req := NewRequest(r)

	secrets := []string{"pw", "abc", "xyz", "csrf1", "k123", "t1", "s3", "hunter2"}
	all := req.URL
	for _, fs := range [][]Field{req.Header, req.Query, req.Cookies, req.Form} {
		for _, f := range fs {
			all += "\n" + f.Name + "=" + f.Value
		}
	}
	for _, s := range secrets {
		for _, line := range strings.Split(all, "\n") {
			if strings.HasSuffix(line, "="+s) || strings.Contains(line, ":"+s+"@") || strings.Contains(line, "="+s+"&") {
				t.Errorf("newRequest leaks %q in %q", s, line)
			}
		}
	}
	kept := []string{"X-Request-Id=req-9", "theme=dark", "username=ann", "next=/home"}
	for _, k := range kept {
		if !strings.Contains(all, k) {
			t.Errorf("newRequest lost %q:\n%s", k, all)
		}
	}
	if u, err := url.Parse(req.URL); err != nil || u.Query().Get("api_key") != "masked" || u.User.String() != "user:masked" {
		t.Errorf("newRequest URL = %q, want api_key and the password masked", req.URL)
	}
}

// TestNewRequestUnparsedForm checks that a body the handler did not read
// stays unread.
func TestNewRequestUnparsedForm(t *testing.T) {
	r := httptest.NewRequest("POST", "/", strings.NewReader("a=1"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req := NewRequest(r)
	if req.Form != nil || r.PostForm != nil {
		t.Errorf("NewRequest(unparsed) Form = %v, PostForm = %v, want both nil", req.Form, r.PostForm)
	}
}

// TestIsSecret checks the name rule.
func TestIsSecret(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"Authorization", true}, {"X-Api-Key", true}, {"access_token", true}, {"PASSWORD", true},
		{"passwd", true}, {"client_secret", true}, {"SESSIONID", true}, {"X-Auth-User", true},
		{"Accept", false}, {"User-Agent", false}, {"theme", false}, {"next", false},
	}
	for _, tt := range tests {
		if got := isSecret(tt.name); got != tt.want {
			t.Errorf("isSecret(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRequestAsSent checks that the page of a request that came through
// a supervisor's proxy shows it as the client sent it: without the
// proxy's header fields, from the client the proxy vouched for, at the
// scheme and host the client used; and that without the secret nothing
// is believed.
func TestRequestAsSent(t *testing.T) {
	tests := []struct {
		name, forwarded string
		remote, url     string
		dropped, kept   []string
	}{
		{"vouched", signed("127.0.0.2", "s3", time.Now()), "127.0.0.2", "https://app.localhost:8443/p?q=1",
			[]string{"X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", ForwardedHeader}, []string{"User-Agent", "X-Request-Id"}},
		{"forged", signed("127.0.0.2", "guess", time.Now()), "127.0.0.1:1234", "http://example.com/p?q=1",
			nil, []string{"X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "User-Agent"}},
	}
	for _, tt := range tests {
		r := request("127.0.0.1:1234", "127.0.0.1:8080", "example.com",
			ForwardedHeader, tt.forwarded, "X-Forwarded-For", "127.0.0.2", "X-Forwarded-Host", "app.localhost:8443",
			"X-Forwarded-Proto", "https", "User-Agent", "test", "X-Request-Id", "r1")
		r.URL, _ = url.Parse("/p?q=1")
		tr := &Trust{Secret: "s3"}
		req := requestAsSent(r, tr.peer(r))
		if req.RemoteAddr != tt.remote || req.URL != tt.url {
			t.Errorf("%s: requestAsSent = from %q at %q, want from %q at %q", tt.name, req.RemoteAddr, req.URL, tt.remote, tt.url)
		}
		names := map[string]bool{}
		for _, f := range req.Header {
			names[f.Name] = true
		}
		for _, k := range tt.dropped {
			if names[k] {
				t.Errorf("%s: requestAsSent header has %s, want it left out", tt.name, k)
			}
		}
		for _, k := range tt.kept {
			if !names[k] {
				t.Errorf("%s: requestAsSent header lacks %s, want it kept", tt.name, k)
			}
		}
		if r.Header.Get("X-Forwarded-Host") == "" {
			t.Errorf("%s: requestAsSent changed the app's request", tt.name)
		}
	}
}
