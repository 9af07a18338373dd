package serving

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestUnderSupervisor(t *testing.T) {
	tests := []struct {
		reloader string // the value of DEVSERVE_RELOADER: "" under devserve run
		noColor  string
		in       Options
		debugger bool
		tls      bool
		color    ColorMode
	}{
		{"", "", Options{}, true, false, ColorAuto},
		{"", "", Options{PassthroughErrors: true}, false, false, ColorAuto},
		{"", "", Options{PassthroughErrors: true, Debugger: true}, true, false, ColorAuto},
		{"", "", Options{AdhocTLS: true}, true, true, ColorAuto},
		{reloadedPlain, "", Options{AdhocTLS: true, TLSConfig: &tls.Config{}}, true, false, ColorAuto},
		{reloadedPlain, "", Options{TLSCertFile: "c.pem", TLSKeyFile: "k.pem"}, true, false, ColorAuto},
		{reloadedColor, "", Options{}, true, false, ColorAlways},
		{reloadedColor, "1", Options{}, true, false, ColorAuto},
		{reloadedColor, "", Options{Color: ColorNever}, true, false, ColorNever},
	}
	for _, tt := range tests {
		t.Setenv(reloaderEnv, tt.reloader)
		t.Setenv("NO_COLOR", tt.noColor)
		in := tt.in
		got := tt.in.underSupervisor()
		hasTLS := got.AdhocTLS || got.TLSConfig != nil || got.TLSCertFile != ""
		name := fmt.Sprintf("%s=%q NO_COLOR=%q %+v", reloaderEnv, tt.reloader, tt.noColor, in)
		if got.Debugger != tt.debugger || hasTLS != tt.tls || got.Color != tt.color {
			t.Errorf("underSupervisor(%s) = debugger %v, TLS %v, color %v, want %v, %v, %v",
				name, got.Debugger, hasTLS, got.Color, tt.debugger, tt.tls, tt.color)
		}
		if in.Debugger != tt.in.Debugger || in.AdhocTLS != tt.in.AdhocTLS {
			t.Errorf("underSupervisor(%s) changed its receiver", name)
		}
	}
}

// Under devserve run, which hands down DEVSERVE_ADDR, a panic shows the
// debugger's page without WithDebugger.
func TestDebuggerUnderSupervisor(t *testing.T) {
	t.Setenv("DEVSERVE_ADDR", "127.0.0.1:0")
	s := startServer(t, "127.0.0.1:1", panicky)
	resp, body := rawGet(t, s.addr.String(), "GET", "/panic", "Accept: text/plain")
	if resp.StatusCode != 500 || !strings.Contains(body, "boom") || !strings.Contains(body, "goroutine") {
		t.Errorf("GET /panic under a supervisor = %d %q, want 500 and a traceback", resp.StatusCode, body)
	}
}

// A program with the reloader that a supervisor runs serves, rather than
// supervise again: under devserve run (DEVSERVE_ADDR) and under the
// reloader itself (DEVSERVE_RELOADER too).
func TestReloaderUnderSupervisorServes(t *testing.T) {
	for _, marker := range []string{"", reloadedPlain} {
		t.Setenv("DEVSERVE_ADDR", "127.0.0.1:0")
		t.Setenv(reloaderEnv, marker)
		s := startServer(t, "127.0.0.1:1", panicky, WithReloader())
		if resp, body := rawGet(t, s.addr.String(), "GET", "/"); resp.StatusCode != 200 || body != "ok" {
			t.Errorf("GET / with the reloader under a supervisor (%s=%q) = %d %q, want 200 %q", reloaderEnv, marker, resp.StatusCode, body, "ok")
		}
		if err := s.stop(); err != nil {
			t.Errorf("Run with the reloader under a supervisor (%s=%q) = %v, want nil", reloaderEnv, marker, err)
		}
	}
}

// A test binary's main.main is in a generated file without a full path,
// so the reloader cannot rebuild it, and says so before listening.
func TestReloaderCannotRebuildTestBinary(t *testing.T) {
	t.Setenv("DEVSERVE_ADDR", "")
	t.Setenv(reloaderEnv, "")
	err := Run(context.Background(), "127.0.0.1:0", panicky, WithReloader(), WithOutput(io.Discard))
	if err == nil || !strings.HasPrefix(err.Error(), "serving: reloader: the program does not know where its source is") {
		t.Errorf("Run with the reloader in a test binary = %v, want the source error", err)
	}
}
