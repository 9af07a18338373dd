package gocmd

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestModuleRoot(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		dir, want string
		ok        bool
	}{
		{root, root, true},
		{sub, root, true},
		{filepath.Dir(root), "", false},
	}
	for _, tt := range tests {
		if got, ok := ModuleRoot(tt.dir); got != tt.want || ok != tt.ok {
			t.Errorf("ModuleRoot(%s) = %q, %v, want %q, %v", tt.dir, got, ok, tt.want, tt.ok)
		}
	}
}

func TestOutput(t *testing.T) {
	out, err := Output(context.Background(), t.TempDir(), []string{"GOFLAGS=-mod=mod"}, "env", "GOFLAGS")
	if err != nil || strings.TrimSpace(out) != "-mod=mod" {
		t.Errorf("Output(go env GOFLAGS) = %q, %v, want -mod=mod (env added)", out, err)
	}
	_, err = Output(context.Background(), t.TempDir(), nil, "bogus-verb")
	if err == nil || !strings.HasPrefix(err.Error(), "go bogus-verb: ") {
		t.Errorf("Output(go bogus-verb) error = %v, want one naming the verb", err)
	}
}

func TestNotFound(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := Output(context.Background(), t.TempDir(), nil, "version"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Output with no go on PATH: error = %v, want ErrNotFound", err)
	}
}
