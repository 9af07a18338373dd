package reloader

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/devserve/devserve/debugpage"
)

// TestCrashReport runs a program that dies in each of the ways a Go
// program dies and parses its real output as the engine does.
func TestCrashReport(t *testing.T) {
	bin := buildFixture(t, "crasher")
	tests := []struct {
		mode     string
		title    string // in the report's title
		message  string // in the report's message
		function string // a frame of the failing goroutine; "" for none
		status   string
	}{
		{"panic", "index out of range [5] with length 3", "index out of range", "main.explode", "exit status 2"},
		{"mapwrites", "concurrent map writes", "concurrent map writes", "main.main.func1", "exit status 2"},
		{"deadlock", "all goroutines are asleep - deadlock!", "deadlock", "main.main", "exit status 2"},
		{"overflow", "stack overflow", "stack overflow", "main.recurse", "exit status 2"},
		{"fatal", "cannot open the database: connection refused", "", "", "exit status 1"},
		{"exit", "config file missing", "", "", "exit status 3"},
		{"slog", "cannot open the database: connection refused", "", "", "exit status 1"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			cmd := exec.Command(bin, tt.mode)
			cmd.Env = childEnv(nil, "", false)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("crasher %s: %v, want it to exit with an error", tt.mode, err)
			}
			r := crashReport(out, exit.ProcessState.String())
			if r.Kind != debugpage.KindCrash || !strings.Contains(r.Title, tt.title) ||
				!strings.Contains(r.Message, tt.message) || r.ExitStatus != tt.status || r.Output == "" ||
				strings.Contains(r.Title+r.Message, r.ExitStatus) {
				t.Errorf("crashReport(crasher %s) = kind %q, title %q, message %q, status %q; want crash, %q, %q, %q (once) and the output",
					tt.mode, r.Kind, r.Title, r.Message, r.ExitStatus, tt.title, tt.message, tt.status)
			}
			if tt.function == "" {
				return
			}
			if !hasFrame(r, tt.function) {
				t.Errorf("crashReport(crasher %s) has no frame of %s in a failing goroutine; sections: %+v", tt.mode, tt.function, r.Sections)
			}
		})
	}
}

// hasFrame reports whether a failing goroutine of r (or the first one)
// calls function.
func hasFrame(r *debugpage.Report, function string) bool {
	for i, s := range r.Sections {
		if !s.Failing && i > 0 {
			continue
		}
		for _, f := range s.Frames {
			if f.Function == function {
				return true
			}
		}
	}
	return false
}

// TestPanicScanner feeds net/http's handler-panic output, split at every
// byte, between other log lines, and checks each block is found whole.
func TestPanicScanner(t *testing.T) {
	block := "2026/01/02 15:04:05 http: panic serving 127.0.0.1:50312: boom\n" +
		"goroutine 7 [running]:\n" +
		"net/http.(*conn).serve.func1()\n" +
		"\t/usr/local/go/src/net/http/server.go:1947 +0xbe\n" +
		"panic({0x6b0f40?, 0x7ce2d0?})\n" +
		"\t/usr/local/go/src/runtime/panic.go:792 +0x132\n" +
		"main.main.func1({0x7d1a38?, 0xc0000f4000?}, 0xc0000a2000?)\n" +
		"\t/app/main.go:12 +0x25\n" +
		"created by net/http.(*Server).Serve in goroutine 1\n" +
		"\t/usr/local/go/src/net/http/server.go:3454 +0x485\n"
	output := "listening\n" + block + "GET / 200\n" + strings.Replace(block, "50312", "50313", 1)
	for _, chunk := range []int{1, 7, 64, len(output)} {
		var got []panicBlock
		var order []string
		s := &panicScanner{
			found: func(b panicBlock) { got, order = append(got, b), append(order, "found") },
			begun: func() { order = append(order, "begun") },
		}
		for i := 0; i < len(output); i += chunk {
			s.Write([]byte(output[i:min(i+chunk, len(output))]))
		}
		s.Close()
		if want := "begun found begun found"; strings.Join(order, " ") != want {
			t.Errorf("writes of %d bytes: calls %v, want %s", chunk, order, want)
		}
		if len(got) != 2 || got[0].remote != "127.0.0.1:50312" || got[1].remote != "127.0.0.1:50313" {
			t.Errorf("writes of %d bytes: found %d blocks %+v, want 2 from 127.0.0.1:50312 and :50313", chunk, len(got), got)
			continue
		}
		if want := block[strings.Index(block, "http:"):]; string(got[0].block) != want {
			t.Errorf("writes of %d bytes: block = %q, want %q", chunk, got[0].block, want)
		}
		r := panicReport(got[0])
		if r.Kind != debugpage.KindPanic || !strings.Contains(r.Title, "boom") || !hasFrame(r, "main.main.func1") {
			t.Errorf("panicReport = kind %q, title %q, sections %+v; want a panic titled boom with main.main.func1", r.Kind, r.Title, r.Sections)
		}
	}
}

func FuzzPanicScanner(f *testing.F) {
	f.Add("http: panic serving 1.2.3.4:5: x\ngoroutine 1 [running]:\nmain.f()\n\t/a.go:1 +0x1\ncreated by net/http.(*Server).Serve in goroutine 1\n\t/s.go:2 +0x2\n", 3)
	f.Add("log line\nhttp: panic serving [::1]:80: multi\nline value\n\ngoroutine 9", 1)
	f.Fuzz(func(t *testing.T, out string, chunk int) {
		chunk = max(1, chunk%64+1)
		s := &panicScanner{found: func(b panicBlock) {
			block, remote := b.block, b.remote
			if b.framework == "" && !strings.HasPrefix(string(block), "http: panic serving "+remote+": ") {
				t.Errorf("block %q does not start with its panic line for %q", block, remote)
			}
			if len(block) > maxPanicBlock+len(out) {
				t.Errorf("block of %d bytes, over the bound", len(block))
			}
		}}
		for i := 0; i < len(out); i += chunk {
			s.Write([]byte(out[i:min(i+chunk, len(out))]))
		}
		s.Close()
	})
}

func TestPortAsAddress(t *testing.T) {
	tests := []struct {
		output, addr string
		want         bool
	}{
		{"2026/01/02 15:04:05 listen tcp: address 32897: missing port in address\n", "127.0.0.1:32897", true},
		{"listen tcp: address 8080: missing port in address\n", "127.0.0.1:32897", false},
		{"listen tcp :32897: bind: address already in use\n", "127.0.0.1:32897", false},
	}
	for _, tt := range tests {
		hint := portAsAddress([]byte(tt.output), tt.addr)
		if got := strings.Contains(hint, "--env PORT=127.0.0.1:32897 --app-addr 127.0.0.1:32897"); got != tt.want {
			t.Errorf("portAsAddress(%q, %q) = %q, want the fix: %v", tt.output, tt.addr, hint, tt.want)
		}
	}
}
