package serving

import (
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBanner(t *testing.T) {
	const (
		warning = "WARNING: This is a development server. Do not use it in a production deployment.\n"
		quit    = "Press CTRL+C to quit\n"
	)
	tcp := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8123}
	tests := []struct {
		name string
		b    banner
		want string
	}{
		{
			"loopback",
			banner{scheme: "http", addr: address{"tcp", "127.0.0.1", "127.0.0.1:0"}, bound: tcp},
			warning + " * Running on http://127.0.0.1:8123\n" + quit,
		},
		{
			"name keeps the name, shows the bound port",
			banner{scheme: "http", addr: address{"tcp", "localhost", "localhost:0"}, bound: tcp},
			warning + " * Running on http://localhost:8123\n" + quit,
		},
		{
			"ipv6",
			banner{scheme: "http", addr: address{"tcp", "::1", "[::1]:0"}, bound: tcp},
			warning + " * Running on http://[::1]:8123\n" + quit,
		},
		{
			"adhoc tls",
			banner{scheme: "https", addr: address{"tcp", "127.0.0.1", "127.0.0.1:0"}, bound: tcp, fingerprint: "AB:CD"},
			warning + " * Running on https://127.0.0.1:8123\n * Ad-hoc TLS certificate, SHA-256 fingerprint AB:CD\n" + quit,
		},
		{
			"unix socket",
			banner{scheme: "http", addr: address{"unix", "", "/run/app.sock"}},
			warning + " * Running on unix://" + filepath.ToSlash(mustAbs(t, "/run/app.sock")) + "\n" + quit,
		},
		{
			"supervised",
			banner{scheme: "http", addr: address{"tcp", "127.0.0.1", "127.0.0.1:0"}, bound: tcp, fromEnv: true},
			" * Serving behind devserve on 127.0.0.1:8123 (DEVSERVE_ADDR)\n",
		},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		p, _ := newPalette(&buf, ColorNever)
		tt.b.write(&buf, p)
		if got := buf.String(); got != tt.want {
			t.Errorf("%s: banner = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func TestBannerAllInterfaces(t *testing.T) {
	var buf bytes.Buffer
	p, _ := newPalette(&buf, ColorNever)
	b := banner{scheme: "http", addr: address{"tcp", "0.0.0.0", "0.0.0.0:0"}, bound: &net.TCPAddr{Port: 9000}}
	b.write(&buf, p)
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	want := []string{
		"WARNING: This is a development server. Do not use it in a production deployment.",
		" * Running on all addresses (0.0.0.0)",
		" * Running on http://127.0.0.1:9000",
	}
	if ip := lanIP(false); ip != nil {
		want = append(want, " * Running on http://"+ip.String()+":9000")
	}
	want = append(want, " * Anyone on your network can reach this server.", "Press CTRL+C to quit")
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("all-interfaces banner =\n%s\nwant\n%s", buf.String(), strings.Join(want, "\n"))
	}
}

func TestBannerColors(t *testing.T) {
	tcp := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8123}
	b := banner{scheme: "http", addr: address{"tcp", "0.0.0.0", "0.0.0.0:0"}, bound: tcp}
	tests := []struct {
		mode ColorMode
		want []string // substrings
		not  []string
	}{
		{ColorAlways, []string{
			"\x1b[31;1mWARNING: This is a development server.",
			"\x1b[31m * Anyone on your network can reach this server.\x1b[0m\n",
			"\x1b[33mPress CTRL+C to quit\x1b[0m\n",
			"\n * Running on http://127.0.0.1:8123\n",
		}, nil},
		{ColorNever, []string{"\nPress CTRL+C to quit\n"}, []string{"\x1b["}},
		{ColorAuto, []string{"\nPress CTRL+C to quit\n"}, []string{"\x1b["}}, // a buffer is no terminal
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		p, w := newPalette(&buf, tt.mode)
		b.write(w, p)
		got := buf.String()
		for _, s := range tt.want {
			if !strings.Contains(got, s) {
				t.Errorf("banner with color mode %d = %q, want it to contain %q", tt.mode, got, s)
			}
		}
		for _, s := range tt.not {
			if strings.Contains(got, s) {
				t.Errorf("banner with color mode %d = %q, want no %q", tt.mode, got, s)
			}
		}
	}
}

func TestUseColor(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tests := []struct {
		name string
		w    io.Writer
		mode ColorMode
		want bool
	}{
		{"buffer, auto", &bytes.Buffer{}, ColorAuto, false},
		{"buffer, always", &bytes.Buffer{}, ColorAlways, true},
		{"file, auto", f, ColorAuto, false},
		{"file, always", f, ColorAlways, true},
		{"file, never", f, ColorNever, false},
	}
	for _, tt := range tests {
		if got := useColor(tt.w, tt.mode); got != tt.want {
			t.Errorf("useColor(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
