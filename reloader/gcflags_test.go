package reloader

import (
	"context"
	"debug/buildinfo"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestGcflags(t *testing.T) {
	tests := []struct {
		module   string
		optimize bool
		want     []string
	}{
		{"example.com/app", false, []string{"-gcflags=example.com/app/...=-N -l"}},
		{"example.com/app", true, nil},
		{"", false, nil},
	}
	for _, tt := range tests {
		if got := gcflags(tt.module, tt.optimize); !slices.Equal(got, tt.want) {
			t.Errorf("gcflags(%q, %v) = %q, want %q", tt.module, tt.optimize, got, tt.want)
		}
	}
}

// TestLocalModules lists a module with a directory replacement: both
// modules are local, the main one first.
func TestLocalModules(t *testing.T) {
	set := listSet(t, filepath.Join("testdata", "watchset", "main"), []string{"CGO_ENABLED=1"}, nil, globs{})
	want := []string{"example.com/main", "example.com/lib"}
	if got := set.localModules(); !slices.Equal(got, want) {
		t.Errorf("localModules() = %q, want %q", got, want)
	}
}

// TestDebugBuild builds the fixture app as the engine does, for
// inspection and optimized, and reads the flags it was built with from
// the binary.
func TestDebugBuild(t *testing.T) {
	dir := filepath.Join("testdata", "app")
	set := listSet(t, dir, nil, nil, globs{})
	for _, optimize := range []bool{false, true} {
		out := filepath.Join(t.TempDir(), "app")
		res := <-goBuild(context.Background(), buildConfig{pkg: ".", dir: dir, out: out,
			module: modulePath(set.main), modules: set.localModules(), optimize: optimize}).done
		if res.err != nil {
			t.Fatalf("build (optimize %v): %v\n%s", optimize, res.err, res.output)
		}
		got := buildSetting(t, out, "-gcflags")
		if want := !optimize; strings.Contains(got, "example.com/app/...=-N -l") != want {
			t.Errorf("build with optimize %v: -gcflags = %q, want -N -l for example.com/app: %v", optimize, got, want)
		}
		got = buildSetting(t, out, "-ldflags")
		if want := !optimize; strings.Contains(got, "-compressdwarf=false") != want {
			t.Errorf("build with optimize %v: -ldflags = %q, want -compressdwarf=false: %v", optimize, got, want)
		}
	}
}

// buildSetting returns the value of a build setting recorded in the
// binary at path.
func buildSetting(t *testing.T, path, key string) string {
	t.Helper()
	bi, err := buildinfo.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range bi.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}

func TestEngineFlags(t *testing.T) {
	tests := []struct {
		name string
		cfg  buildConfig
		want []string
	}{
		{"debug build", buildConfig{module: "m", modules: []string{"m", "lib"}},
			[]string{"-gcflags=lib/...=-N -l", "-ldflags=-compressdwarf=false", "-gcflags=m/...=-N -l -e"}},
		{"optimized", buildConfig{module: "m", modules: []string{"m", "lib"}, optimize: true},
			[]string{"-gcflags=m/...=-e"}},
		{"the user's -gcflags and -ldflags come last", buildConfig{module: "m", modules: []string{"m"}, flags: []string{"-gcflags=-B", "-ldflags=-X main.v=1"}},
			[]string{"-ldflags=-compressdwarf=false", "-gcflags=m/...=-N -l -e", "-gcflags=-B -N -l -e", "-ldflags=-X main.v=1"}},
		{"no module", buildConfig{flags: []string{"-race"}}, []string{"-race"}},
	}
	for _, tt := range tests {
		if got := engineFlags(tt.cfg); !slices.Equal(got, tt.want) {
			t.Errorf("engineFlags(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
