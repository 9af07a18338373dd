package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestCommandExitCode checks that mistakes in how devserve is called exit
// with status 2 and the rest with 1, as commands built on flag do.
func TestCommandExitCode(t *testing.T) {
	tests := []struct {
		args []string
		want int
	}{
		{nil, 2},
		{[]string{"bogus"}, 2},
		{[]string{"help", "bogus"}, 2},
		{[]string{"help", "run", "run"}, 2},
		{[]string{"run", "--bogus"}, 2},
		{[]string{"run", "--poll=abc"}, 2},
		{[]string{"run", "--quiet", "--verbose"}, 2},
		{[]string{"help"}, 0},
		{[]string{"help", "run"}, 0},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		err := command(context.Background(), tt.args, stdio{out: &out, err: &errOut})
		got := 0
		if err != nil {
			got = exitCode(err)
		}
		if got != tt.want {
			t.Errorf("exitCode(command(%q)) = %d (%v), want %d", tt.args, got, err, tt.want)
		}
	}
}

func TestExitCodeOther(t *testing.T) {
	if got := exitCode(errors.New("--addr: address in use")); got != 1 {
		t.Errorf("exitCode(plain error) = %d, want 1", got)
	}
}

func TestMessage(t *testing.T) {
	tests := []struct{ err, want string }{
		{"reloader: stat /m/nosuch: directory not found", "stat /m/nosuch: directory not found"},
		{"--tls: serving: no certificate", "--tls: no certificate"},
		{"run: unknown flag --x", "run: unknown flag --x"},
		{"open reloader.go: no such file", "open reloader.go: no such file"},
	}
	for _, tt := range tests {
		if got := message(fmt.Errorf("%s", tt.err)); got != tt.want {
			t.Errorf("message(%q) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
