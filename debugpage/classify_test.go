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
	// The app works on devserve in a workspace (or with a local replace):
	// devserve's source is outside the module cache.
	workspace := newClassifier(goroot, &debug.BuildInfo{
		Main: debug.Module{Path: "myapp"},
		Deps: []*debug.Module{{Path: "github.com/devserve/devserve", Version: "v0.0.0", Replace: &debug.Module{Path: "../devserve"}}},
	})
	// The app depends on a released devserve.
	released := newClassifier(nil, &debug.BuildInfo{
		Main: debug.Module{Path: "example.com/app"},
		Deps: []*debug.Module{{Path: "github.com/devserve/devserve", Version: "v0.4.0"}},
	})
	// devserve's examples and tests run with devserve as the main module.
	self := newClassifier(nil, &debug.BuildInfo{Main: debug.Module{Path: "github.com/devserve/devserve", Version: "(devel)"}})
	// A fatal error's dump may have no frame of package runtime to learn
	// GOROOT from.
	fatal := newClassifier([]Section{{Frames: []Frame{{Function: "internal/runtime/maps.fatal", File: "/usr/local/go/src/runtime/panic.go"}}}}, nil)
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

		// The standard library, whatever else the dump holds.
		{bare, "time.Sleep", "/usr/local/go/src/runtime/time.go", FrameStdlib, "", ""},
		{bare, "sync.runtime_SemacquireWaitGroup", "/usr/local/go/src/runtime/sema.go", FrameStdlib, "", ""},
		{bare, "internal/poll.runtime_pollWait", "/usr/local/go/src/runtime/netpoll.go", FrameStdlib, "", ""},
		{bare, "time.Sleep", "runtime/time.go", FrameStdlib, "", ""},
		{bare, "net/http.(*conn).serve", "C:/Program Files/Go/src/net/http/server.go", FrameStdlib, "", ""},
		{bare, "net/http.(*conn).serve", "/root/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.26.0.linux-amd64/src/net/http/server.go", FrameStdlib, "", ""},
		{bare, "vendor/golang.org/x/net/http2/hpack.(*Decoder).Write", "/usr/local/go/src/vendor/golang.org/x/net/http2/hpack/hpack.go", FrameStdlib, "", ""},
		{fatal, "time.Sleep", "/usr/local/go/src/runtime/time.go", FrameStdlib, "", ""},
		{fatal, "sync.(*WaitGroup).Wait", "/usr/local/go/src/sync/waitgroup.go", FrameStdlib, "", ""},
		{fatal, "internal/runtime/maps.fatal", "/usr/local/go/src/runtime/panic.go", FrameRuntime, "", ""},
		{fatal, "main.main.func4", "/home/gopher/crash/main.go", FrameApp, "", ""},
		{withInfo, "sync.(*Mutex).Lock", "/opt/go/src/sync/mutex.go", FrameStdlib, "", ""},
		{workspace, "time.Sleep", "/opt/go/src/runtime/time.go", FrameStdlib, "", ""},

		// A main module whose path has no dot is the app's, not the
		// standard library's.
		{workspace, "myapp/handlers.Index", "/home/me/myapp/handlers/index.go", FrameApp, "myapp", ""},
		{workspace, "myapp/handlers.Index", "myapp/handlers/index.go", FrameApp, "myapp", ""},

		// devserve's own packages are the framework's, wherever they are.
		{workspace, "github.com/devserve/devserve/serving.(*requestLog).ServeHTTP", "/home/me/devserve/serving/log.go", FrameModule, "github.com/devserve/devserve", ""},
		{workspace, "github.com/devserve/devserve/serving.(*static).ServeHTTP", "/home/me/devserve/serving/static.go", FrameModule, "github.com/devserve/devserve", ""},
		{workspace, "github.com/devserve/devserve/debugpage.(*responseWriter).Write", "/home/me/devserve/debugpage/writer.go", FrameModule, "github.com/devserve/devserve", ""},
		{released, "github.com/devserve/devserve/serving.(*requestLog).ServeHTTP", "/home/me/go/pkg/mod/github.com/devserve/devserve@v0.4.0/serving/log.go", FrameModule, "github.com/devserve/devserve", "v0.4.0"},
		{released, "github.com/devserve/devserve/serving.(*requestLog).ServeHTTP", "github.com/devserve/devserve/serving/log.go", FrameModule, "github.com/devserve/devserve", "v0.4.0"},
		{bare, "github.com/devserve/devserve/serving.(*requestLog).ServeHTTP", "/home/me/devserve/serving/log.go", FrameModule, "github.com/devserve/devserve", ""},
		{self, "github.com/devserve/devserve/serving.(*static).ServeHTTP", "/home/me/devserve/serving/static.go", FrameModule, "github.com/devserve/devserve", ""},

		// ... but for its examples and tests, the app when devserve is the
		// main module.
		{self, "main.(*store).get", "/home/me/devserve/examples/panics/store.go", FrameApp, "github.com/devserve/devserve", ""},
		{self, "github.com/devserve/devserve/examples/panics.handler", "/home/me/devserve/examples/panics/main.go", FrameApp, "github.com/devserve/devserve", ""},
		{self, "github.com/devserve/devserve/debugpage_test.panicIndex", "/home/me/devserve/debugpage/handler_test.go", FrameApp, "github.com/devserve/devserve", ""},
		{self, "github.com/devserve/devserve/debugpage.TestClassify", "/home/me/devserve/debugpage/classify_test.go", FrameApp, "github.com/devserve/devserve", ""},
		{self, "net/http.HandlerFunc.ServeHTTP", "/usr/lib/go/src/net/http/server.go", FrameStdlib, "", ""},
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
