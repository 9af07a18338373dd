package serving

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
)

// source says where a program's main package is and how it was built:
// what the reloader needs to build it again.
type source struct {
	dir   string   // the main package's directory, absolute
	root  string   // the main module's root directory: paths are shown relative to it
	flags []string // go build flags, from the build information
	env   []string // build environment (KEY=VALUE), from the build information
}

// buildFlagSettings are the build-information settings that are go build
// flags, each passed on as "-flag=value".
var buildFlagSettings = []string{"-asmflags", "-compiler", "-gcflags", "-ldflags", "-pgo", "-tags"}

// boolFlagSettings are the settings that are boolean go build flags,
// recorded as "true" when set.
var boolFlagSettings = []string{"-asan", "-msan", "-race"}

// envSettings are the build-information settings that are environment
// variables of the build, passed on as they were.
var envSettings = map[string]bool{
	"CGO_ENABLED": true, "CGO_CFLAGS": true, "CGO_CPPFLAGS": true, "CGO_CXXFLAGS": true,
	"CGO_LDFLAGS": true, "GOOS": true, "GOARCH": true, "GOEXPERIMENT": true, "GOFIPS140": true,
	"GO386": true, "GOAMD64": true, "GOARM": true, "GOARM64": true, "GOMIPS": true,
	"GOMIPS64": true, "GOPPC64": true, "GORISCV64": true, "GOWASM": true,
}

// sourceOf returns the source of the program whose build information is
// bi and whose main.main is in the file mainFile. It checks what can be
// checked without the go command: that the paths are real ones and that
// the file is still there. Whether it is in a module is the go
// command's to say: a program run as go run main.go has no module in
// its build information, even inside one.
func sourceOf(bi *debug.BuildInfo, mainFile string) (*source, error) {
	s := new(source)
	settings := make(map[string]string, len(bi.Settings))
	for _, kv := range bi.Settings {
		settings[kv.Key] = kv.Value
	}
	if settings["-trimpath"] == "true" {
		return nil, errors.New("serving: reloader: the program was built with -trimpath, so it does not know where its source is; build or run it without -trimpath")
	}
	if !filepath.IsAbs(mainFile) {
		return nil, fmt.Errorf("serving: reloader: the program does not know where its source is: main.main is in %q, not a full path", mainFile)
	}
	s.dir = filepath.Dir(mainFile)
	if _, err := os.Stat(mainFile); err != nil {
		return nil, fmt.Errorf("serving: reloader: the source of this program is gone from %s (moved or deleted); run it again from where its source is now", s.dir)
	}
	s.flags, s.env = buildSettings(settings)
	return s, nil
}

// buildSettings returns the go build flags and environment recorded in a
// program's build information settings, in a fixed order.
func buildSettings(settings map[string]string) (flags, env []string) {
	for _, k := range buildFlagSettings {
		if v, ok := settings[k]; ok && v != "" {
			flags = append(flags, k+"="+v)
		}
	}
	for _, k := range boolFlagSettings {
		if settings[k] == "true" {
			flags = append(flags, k)
		}
	}
	if m := settings["-buildmode"]; m != "" && m != "exe" {
		flags = append(flags, "-buildmode="+m)
	}
	for _, k := range slices.Sorted(maps.Keys(settings)) {
		if envSettings[k] && settings[k] != "" { // unset: the go command's default applies
			env = append(env, k+"="+settings[k])
		}
	}
	return flags, env
}
