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

// TestEngineBrokenGoMod starts on a module whose go.mod go list cannot
// read: the build reports it, and fixing go.mod runs the app.
func TestEngineBrokenGoMod(t *testing.T) {
	dir := copyTree(t, "testdata/app")
	gomod := filepath.Join(dir, "go.mod")
	good := readFile(t, gomod)
	writeFile(t, gomod, good+"this is not a directive\n")
	er := startEngine(t, &Engine{Dir: dir})
	if f := er.next(BuildFailed); !strings.Contains(f.Err.Error(), "go.mod") {
		t.Errorf("BuildFailed.Err = %v, want it to name go.mod", f.Err)
	}
	writeFile(t, gomod, good)
	er.serves("v1")
}
