package reloader

import (
	"slices"
	"testing"
)

// TestRestartWith checks that RestartWith adds its flags once, after the
// user's, and asks for a restart.
func TestRestartWith(t *testing.T) {
	e := &Engine{BuildFlags: []string{"-tags=dev"}}
	e.RestartWith("-race")
	e.RestartWith("-race")
	if got, want := e.buildFlags(), []string{"-tags=dev", "-race"}; !slices.Equal(got, want) {
		t.Errorf("buildFlags after RestartWith(-race) twice = %q, want %q", got, want)
	}
	if !slices.Equal(e.BuildFlags, []string{"-tags=dev"}) {
		t.Errorf("BuildFlags = %q, want the user's alone", e.BuildFlags)
	}
	select {
	case <-e.restarts():
	default:
		t.Error("RestartWith asked for no restart")
	}
}
