package serving

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

func TestBuildSettings(t *testing.T) {
	tests := []struct {
		name     string
		settings map[string]string
		flags    []string
		env      []string
	}{
		{"go build", map[string]string{"-buildmode": "exe", "-compiler": "gc", "CGO_ENABLED": "1", "GOARCH": "amd64", "GOOS": "linux", "GOAMD64": "v1"},
			[]string{"-compiler=gc"}, []string{"CGO_ENABLED=1", "GOAMD64=v1", "GOARCH=amd64", "GOOS=linux"}},
		{"flags with spaces", map[string]string{"-tags": "a,b", "-ldflags": "-X main.v=1 -s", "-gcflags": "all=-N -l"},
			[]string{"-gcflags=all=-N -l", "-ldflags=-X main.v=1 -s", "-tags=a,b"}, nil},
		{"race and pie", map[string]string{"-race": "true", "-buildmode": "pie", "-msan": "false"},
			[]string{"-race", "-buildmode=pie"}, nil},
		{"cgo off, experiments", map[string]string{"CGO_ENABLED": "0", "GOEXPERIMENT": "greenteagc", "CGO_CFLAGS": ""},
			nil, []string{"CGO_ENABLED=0", "GOEXPERIMENT=greenteagc"}},
		{"not build settings", map[string]string{"vcs": "git", "vcs.revision": "abc", "DefaultGODEBUG": "x=1", "-trimpath": "false"},
			nil, nil},
	}
	for _, tt := range tests {
		flags, env := buildSettings(tt.settings)
		if !slices.Equal(flags, tt.flags) || !slices.Equal(env, tt.env) {
			t.Errorf("buildSettings(%s) = %q, %q, want %q, %q", tt.name, flags, env, tt.flags, tt.env)
		}
	}
}

func TestSourceOf(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "main.go")
	if err := os.WriteFile(main, []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	info := func(settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Path: "example.com/app", Main: debug.Module{Path: "example.com/app"}}
		for i := 0; i < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	tests := []struct {
		name    string
		bi      *debug.BuildInfo
		file    string
		wantDir string
		wantErr string
	}{
		{"module", info("-tags", "x", "CGO_ENABLED", "0"), main, dir, ""},
		{"go run main.go", &debug.BuildInfo{Path: "command-line-arguments"}, main, dir, ""},
		{"trimpath", info("-trimpath", "true"), main, "", "built with -trimpath"},
		{"trimmed file name", info(), "example.com/app/main.go", "", `main.main is in "example.com/app/main.go", not a full path`},
		{"moved", info(), filepath.Join(dir, "gone", "main.go"), "", "is gone from " + filepath.Join(dir, "gone") + " (moved or deleted)"},
	}
	for _, tt := range tests {
		s, err := sourceOf(tt.bi, tt.file)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "serving: reloader: ")):
			t.Errorf("sourceOf(%s) error = %v, want serving: reloader: ...%s...", tt.name, err, tt.wantErr)
		case tt.wantErr == "" && err != nil:
			t.Errorf("sourceOf(%s) error = %v, want none", tt.name, err)
		case tt.wantErr == "" && s.dir != tt.wantDir:
			t.Errorf("sourceOf(%s).dir = %q, want %q", tt.name, s.dir, tt.wantDir)
		}
	}
	s, err := sourceOf(info("-tags", "x", "CGO_ENABLED", "0"), main)
	if err != nil || !slices.Equal(s.flags, []string{"-tags=x"}) || !slices.Equal(s.env, []string{"CGO_ENABLED=0"}) {
		t.Errorf("sourceOf(-tags=x, CGO_ENABLED=0) = %+v, %v, want flags [-tags=x] and env [CGO_ENABLED=0]", s, err)
	}
}

func TestMainInTraceback(t *testing.T) {
	tests := []struct {
		name, tb, want string
	}{
		{"main goroutine", "goroutine 1 [running]:\nmain.main()\n\t/src/app/main.go:12 +0x1d\n", "/src/app/main.go"},
		{"other goroutine first", "goroutine 7 [running]:\nmain.serve()\n\t/src/app/serve.go:3 +0x1\n\ngoroutine 1 [chan receive]:\nmain.main()\n\t/src/app/main.go:9 +0x25\n", "/src/app/main.go"},
		{"space in path, no offset", "main.main()\n\t/src/my app/main.go:9\n", "/src/my app/main.go"},
		{"windows path", "main.main()\n\tC:/src/app/main.go:9 +0x25\n", "C:/src/app/main.go"},
		{"no main", "goroutine 1 [running]:\nmain.mainly()\n\t/src/app/main.go:12 +0x1d\n", ""},
	}
	for _, tt := range tests {
		got, ok := mainInTraceback([]byte(tt.tb))
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("mainInTraceback(%s) = %q, %v, want %q", tt.name, got, ok, tt.want)
		}
	}
}

// A test runs on a goroutine of its own, so main.main (the test binary's
// generated one) is found on another goroutine's stack.
func TestMainFileOfTestBinary(t *testing.T) {
	file, ok := mainFile()
	if !ok || filepath.Base(file) != "_testmain.go" {
		t.Errorf("mainFile() = %q, %v, want the test binary's _testmain.go", file, ok)
	}
	if _, ok := mainOnOwnStack(); ok {
		t.Errorf("mainOnOwnStack() on a test's goroutine found main.main, want not")
	}
}
