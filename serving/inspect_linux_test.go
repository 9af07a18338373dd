package serving

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// inspectedApp is a program of the test module whose handler panics on
// a nil pointer, served with the reloader and the debugger.
const inspectedApp = `package main

import (
	"fmt"
	"net/http"
	"os"

	"github.com/devserve/devserve/serving"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/boom", func(w http.ResponseWriter, r *http.Request) {
		n := 41
		var p *int
		fmt.Fprintln(w, n+*p)
	})
	serving.RunSimple(os.Args[1], mux, serving.WithReloader(), serving.WithDebugger())
}
`

// TestReloaderInspects runs a program with the reloader, with an
// installed devserve on PATH: its panic page shows the panicking frame's
// variables, read by devserve inspector; without devserve, one line says
// why there are none.
func TestReloaderInspects(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program and devserve")
	}
	dir := selfModule(t)
	if err := os.MkdirAll(filepath.Join(dir, "cmd", "inspected"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "cmd", "inspected", "main.go"), inspectedApp)
	tools := t.TempDir()
	bin := filepath.Join(tools, "inspected")
	for _, b := range []struct{ dir, out, pkg string }{{dir, bin, "./cmd/inspected"}, {"..", filepath.Join(tools, "devserve"), "./cmd/devserve"}} {
		build := exec.Command("go", "build", "-o", b.out, b.pkg)
		build.Dir = b.dir
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", b.pkg, err, out)
		}
	}
	path := os.Getenv("PATH")
	if _, err := exec.LookPath("devserve"); err == nil {
		t.Skip("a devserve is installed on PATH: the case without one cannot be tested")
	}

	cmd := exec.Command(bin, "127.0.0.1:0")
	cmd.Dir, cmd.Env = t.TempDir(), append(os.Environ(), "PATH="+tools+string(filepath.ListSeparator)+path)
	r := startReloading(t, cmd)
	code, body := r.get(t, "/boom", "text/plain")
	if code != http.StatusInternalServerError || !strings.Contains(body, "\tn = 41\n") || !strings.Contains(body, "\tp is nil (*int)\n") {
		t.Errorf("GET /boom = %d:\n%s\nwant 500 with n = 41 and the nil culprit", code, body)
	}

	cmd = exec.Command(bin, "127.0.0.1:0")
	cmd.Dir = t.TempDir()
	r = startReloading(t, cmd)
	r.out.awaitAfter(t, "", 0, "panic pages will show no locals: no devserve on PATH")
}
