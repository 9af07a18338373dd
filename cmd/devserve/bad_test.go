package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/devserve/devserve/reloader"
)

// TestBadNoGo checks that devserve says in one line that the go command
// is missing, whether it looks for the package or is given one.
func TestBadNoGo(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"go.mod": "module example.com/app\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {}\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	t.Setenv("PATH", t.TempDir())
	for _, args := range [][]string{{"--addr", "127.0.0.1:0"}, {"--addr", "127.0.0.1:0", "."}} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		var out bytes.Buffer
		err := runCommand(ctx, args, stdio{out: &out, err: &out})
		cancel()
		if !errors.Is(err, reloader.ErrNoGo) {
			t.Errorf("devserve run %q without go on PATH = %v, want %v", args, err, reloader.ErrNoGo)
		}
	}
}
