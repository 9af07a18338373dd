package serving

import (
	"strings"
	"testing"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in   string
		want address
	}{
		{"localhost:8080", address{"tcp", "localhost", "localhost:8080"}},
		{"127.0.0.1:0", address{"tcp", "127.0.0.1", "127.0.0.1:0"}},
		{":8080", address{"tcp", "127.0.0.1", "127.0.0.1:8080"}},
		{"0.0.0.0:80", address{"tcp", "0.0.0.0", "0.0.0.0:80"}},
		{"[::1]:8080", address{"tcp", "::1", "[::1]:8080"}},
		{"[::]:8080", address{"tcp", "::", "[::]:8080"}},
		{"unix:///run/app.sock", address{"unix", "", "/run/app.sock"}},
		{"unix://app.sock", address{"unix", "", "app.sock"}},
		{"unix://sub/app.sock", address{"unix", "", "sub/app.sock"}},
	}
	for _, tt := range tests {
		got, err := parseAddress(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parseAddress(%q) = %+v, %v, want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseAddressErrors(t *testing.T) {
	for _, in := range []string{
		"", "localhost", "8080", "http://localhost:8080", "localhost:99999",
		"localhost:http", "localhost:-1", "::1:8080", "unix://", "a/b:80",
	} {
		_, err := parseAddress(in)
		if err == nil {
			t.Errorf("parseAddress(%q) = nil error, want one", in)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "serving: bad address") || !strings.Contains(msg, acceptedForms) || strings.Contains(msg, "\n") {
			t.Errorf("parseAddress(%q) error = %q, want one line naming the accepted forms", in, msg)
		}
	}
}

func TestAllInterfaces(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"0.0.0.0:1", true},
		{"[::]:1", true},
		{"127.0.0.1:1", false},
		{":1", false},
		{"localhost:1", false},
		{"unix:///x.sock", false},
	}
	for _, tt := range tests {
		a, err := parseAddress(tt.in)
		if err != nil {
			t.Fatalf("parseAddress(%q): %v", tt.in, err)
		}
		if got := a.allInterfaces(); got != tt.want {
			t.Errorf("allInterfaces(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
