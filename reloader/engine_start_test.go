package reloader

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunStartErrors checks the errors Run returns when it cannot start.
func TestRunStartErrors(t *testing.T) {
	fixtures, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		e    *Engine
		want string
	}{
		{"not a main package", &Engine{Dir: filepath.Join(fixtures, "watchset", "lib")}, "reloader: . is package lib, not a main package"},
		{"no such directory", &Engine{Dir: filepath.Join(fixtures, "app"), Package: "./nowhere"}, "directory not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.e.Run(context.Background())
			if err == nil || !strings.HasPrefix(err.Error(), "reloader: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run() = %v, want a reloader error saying %q", err, tt.want)
			}
		})
	}
}

// TestRunCanceledBeforeStart checks that Run returns nil at once for a
// context canceled before it starts.
func TestRunCanceledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (&Engine{Dir: "testdata/app"}).Run(ctx); err != nil {
		t.Errorf("Run(canceled context) = %v, want nil", err)
	}
}
