package debugpage

import (
	"runtime/debug"
	"testing"
)

// TestClassify checks frame classification by path, function and build
// info.
func TestClassify(t *testing.T) {
	bi := &debug.BuildInfo{
		Main: debug.Module{Path: "example.com/app"},
		Deps: []*debug.Module{
			{Path: "github.com/lib/pq", Version: "v1.10.9"},
			{Path: "example.com/shared", Version: "v0.0.0", Replace: &debug.Module{Path: "../shared"}},
		},
	}
	goroot := []Section{{Frames: []Frame{{Function: "runtime.main", File: "/opt/go/src/runtime/proc.go"}}}}
	withInfo := newClassifier(goroot, bi)
	bare := newClassifier(nil, nil)
	tests := []struct {
		c               *classifier
		function, file  string
		kind            FrameKind
		module, version string
	}{
		{withInfo, "main.main", "/home/me/app/main.go", FrameApp, "example.com/app", ""},
		{withInfo, "example.com/app/web.(*S).serve", "/home/me/app/web/s.go", FrameApp, "example.com/app", ""},
		{withInfo, "example.com/shared/db.Open", "/home/me/shared/db/db.go", FrameApp, "example.com/shared", ""},
		{withInfo, "github.com/lib/pq.(*conn).query", "/vendor/github.com/lib/pq/conn.go", FrameModule, "github.com/lib/pq", "v1.10.9"},
		{withInfo, "net/http.HandlerFunc.ServeHTTP", "/opt/go/src/net/http/server.go", FrameStdlib, "", ""},
		{withInfo, "runtime.gopanic", "/opt/go/src/runtime/panic.go", FrameRuntime, "", ""},
		{withInfo, "internal/runtime/maps.fatal", "/opt/go/src/runtime/panic.go", FrameRuntime, "", ""},
		{bare, "github.com/!x/y.F", "/root/go/pkg/mod/github.com/!burnt!sushi/toml@v1.6.0/decode.go", FrameModule, "github.com/BurntSushi/toml", "v1.6.0"},
		{bare, "net/http.Serve", "net/http/server.go", FrameStdlib, "", ""},
		{bare, "net/http.Serve", "/usr/lib/go/src/net/http/server.go", FrameStdlib, "", ""},
		{bare, "myapp/handlers.Index", "/home/me/myapp/handlers/index.go", FrameApp, "", ""},
		{bare, "main.main", "/home/me/myapp/main.go", FrameApp, "", ""},
		{bare, "panic", "/usr/lib/go/src/runtime/panic.go", FrameRuntime, "", ""},
	}
	for _, tt := range tests {
		f := Frame{Function: tt.function, File: tt.file}
		tt.c.classify(&f)
		if f.Kind != tt.kind || f.Module != tt.module || f.Version != tt.version {
			t.Errorf("classify(%s at %s) = %s %q %q, want %s %q %q", tt.function, tt.file, f.Kind, f.Module, f.Version, tt.kind, tt.module, tt.version)
		}
	}
}

// TestPackageOf checks import paths taken from function names.
func TestPackageOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"main.main", "main"},
		{"example.com/app/msg.(*Store).Get", "example.com/app/msg"},
		{"net/http.(*conn).serve.func1", "net/http"},
		{"gopkg.in/yaml%2ev3.Unmarshal", "gopkg.in/yaml.v3"},
		{"example.com/x.G[...]", "example.com/x"},
		{"panic", ""},
	}
	for _, tt := range tests {
		if got := packageOf(tt.in); got != tt.want {
			t.Errorf("packageOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
