package inspect

import (
	"os/exec"
	"strings"
	"testing"
)

// TestOnlyDevserveLinksDelve checks that the debugger's library reaches
// the devserve command only: a program that imports serving or debugpage
// (the examples do) must not link it.
func TestOnlyDevserveLinksDelve(t *testing.T) {
	tests := []struct {
		pkg  string
		want bool
	}{
		{"github.com/devserve/devserve/cmd/devserve", true},
		{"github.com/devserve/devserve/serving", false},
		{"github.com/devserve/devserve/debugpage", false},
		{"github.com/devserve/devserve/proxy", false},
		{"github.com/devserve/devserve/reloader", false},
		{"github.com/devserve/devserve/examples/app", false},
		{"github.com/devserve/devserve/examples/hello", false},
		{"github.com/devserve/devserve/examples/panics", false},
		{"github.com/devserve/devserve/examples/reloader", false},
	}
	for _, tt := range tests {
		cmd := exec.Command("go", "list", "-deps", tt.pkg)
		cmd.Env = append(cmd.Environ(), "GOOS=linux", "GOARCH=amd64")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", tt.pkg, err, out)
		}
		if got := strings.Contains(string(out), "github.com/go-delve/delve/"); got != tt.want {
			t.Errorf("%s links delve: %v, want %v", tt.pkg, got, tt.want)
		}
	}
}
