package reloader

import (
	"slices"
	"testing"
)

func TestWithGCFlags(t *testing.T) {
	const mod = "-gcflags=example.com/m/...=-e"
	tests := []struct {
		flags  []string
		module string
		extra  []string
		want   []string
	}{
		{nil, "example.com/m", []string{"-e"}, []string{mod}},
		{[]string{"-tags=dev", "-race"}, "example.com/m", []string{"-e"}, []string{mod, "-tags=dev", "-race"}},
		{[]string{"-tags=dev"}, "", []string{"-e"}, []string{"-tags=dev"}},
		{[]string{"-tags=dev"}, "example.com/m", nil, []string{"-tags=dev"}},
		{[]string{"-gcflags=-m"}, "example.com/m", []string{"-e"}, []string{mod, "-gcflags=-m -e"}},
		{[]string{"-gcflags", "-m -m"}, "example.com/m", []string{"-e"}, []string{mod, "-gcflags=-m -m -e"}},
		{[]string{"--gcflags=all=-N -l"}, "example.com/m", []string{"-e"}, []string{mod, "-gcflags=all=-N -l -e"}},
		{[]string{"-gcflags=./internal/...= -B "}, "example.com/m", []string{"-e"}, []string{mod, "-gcflags=./internal/...=-B -e"}},
		{[]string{"-gcflags=std="}, "example.com/m", []string{"-e"}, []string{mod, "-gcflags=std=-e"}},
		{[]string{"-gcflags="}, "example.com/m", []string{"-e"}, []string{mod, "-gcflags=-e"}},
		{[]string{"-gcflags=all=-m", "-gcflags=-S"}, "example.com/m", []string{"-e"}, []string{mod, "-gcflags=all=-m -e", "-gcflags=-S -e"}},
		{[]string{"-gcflags=nopattern"}, "example.com/m", []string{"-e"}, []string{mod, "-gcflags=nopattern"}},
		{[]string{"-gcflags"}, "example.com/m", []string{"-e"}, []string{mod, "-gcflags"}},
		{[]string{"-gcflagsx=1"}, "example.com/m", []string{"-e"}, []string{mod, "-gcflagsx=1"}},
		{nil, "example.com/m", []string{"-e", "-N", "-l"}, []string{"-gcflags=example.com/m/...=-e -N -l"}},
		{[]string{"-gcflags=-m"}, "example.com/m", []string{"-e", "-N", "-l"}, []string{"-gcflags=example.com/m/...=-e -N -l", "-gcflags=-m -e -N -l"}},
	}
	for _, tt := range tests {
		if got := withGCFlags(tt.flags, tt.module, tt.extra...); !slices.Equal(got, tt.want) {
			t.Errorf("withGCFlags(%q, %q, %q) = %q, want %q", tt.flags, tt.module, tt.extra, got, tt.want)
		}
	}
}
