package reloader

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The testdata files hold what each framework's default recovery printed
// for a handler that panicked, captured from a tiny app (chi-colour on a
// terminal).
func TestFrameworkPanics(t *testing.T) {
	tests := []struct {
		file, framework, value, function, at, forwarded string
	}{
		{"gin.txt", "gin", "gin handler exploded", "main.func1", "/home/dev/ginapp/main.go:12", "secret=abc;for=127.0.0.1;by=127.0.0.1"},
		{"chi.txt", "chi", "chi handler exploded", "main.main.func1", "/home/dev/chiapp/main.go:15", ""},
		{"chi-colour.txt", "chi", "chi handler exploded", "main.main.func1", "/home/dev/chiapp/main.go:15", ""},
		{"echo.txt", "echo", "echo handler exploded", "main.main.func1", "/home/dev/echoapp/main.go:14", ""},
		// the form the README's line for echo v5 and fiber logs
		{"recover.txt", "recover", "handler exploded", "main.main.func1", "/home/dev/app/main.go:14", ""},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join("testdata", "frameworks", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		output := "listening on :8080\n" + string(data) + "GET /next 200\n"
		for _, chunk := range []int{1, 13, len(output)} {
			var got []panicBlock
			s := &panicScanner{found: func(b panicBlock) { got = append(got, b) }}
			for i := 0; i < len(output); i += chunk {
				s.Write([]byte(output[i:min(i+chunk, len(output))]))
			}
			s.Close()
			if len(got) != 1 || got[0].framework != tt.framework || got[0].remote != "" {
				t.Errorf("%s in writes of %d bytes: found %+v, want one %s block", tt.file, chunk, got, tt.framework)
				continue
			}
			b := got[0]
			if b.forwarded != tt.forwarded {
				t.Errorf("%s: forwarded = %q, want %q", tt.file, b.forwarded, tt.forwarded)
			}
			if tt.forwarded != "" && strings.Contains(string(b.block), tt.forwarded) {
				t.Errorf("%s: block keeps the forwarded header's value: %s", tt.file, b.block)
			}
			if strings.Contains(string(b.block), "\x1b") || strings.Contains(string(b.block), "GET /next") {
				t.Errorf("%s: block = %q, want it without colour or the next line", tt.file, b.block)
			}
			r := panicReport(b)
			if r.Title != "panic: "+tt.value || len(r.Sections) == 0 || len(r.Sections[0].Frames) == 0 {
				t.Errorf("%s: report = %q with sections %+v, want panic: %s with frames", tt.file, r.Title, r.Sections, tt.value)
				continue
			}
			f := r.Sections[0].Frames[0]
			if at := f.File + ":" + strconv.Itoa(f.Line); f.Function != tt.function || at != tt.at {
				t.Errorf("%s: first frame = %s at %s, want %s at %s", tt.file, f.Function, at, tt.function, tt.at)
			}
		}
	}
}
