package debugpage

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
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
