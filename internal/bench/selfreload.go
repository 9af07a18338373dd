package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// runSelfReload measures what runReload measures, for a program that
// reloads itself with serving.WithReloader, built and started: save →
// first response with the new code on the program's own address, next to
// the floor (go build, start and first response, by hand) for the same
// kind of edit, and the failures of a steady client across the rebuilds.
func runSelfReload(args []string) error {
	fs := flag.NewFlagSet("selfreload", flag.ContinueOnError)
	edits := fs.Int("edits", 20, "edits to a non-main package (half in place, half write-then-rename)")
	rate := fs.Int("rate", 20, "requests per second of the steady client")
	pkgs := fs.Int("packages", 14, "packages in the generated sample module, main and lib included")
	settle := fs.Duration("settle", time.Second, "pause after each reload, while the reloader lists the packages again")
	keep := fs.Bool("keep", false, "keep the sample modules")
	if err := fs.Parse(args); err != nil {
		return err
	}
	root, err := os.MkdirTemp("", "devserve-bench-selfreload-")
	if err != nil {
		return err
	}
	if *keep {
		fmt.Println("sample modules in", root)
	} else {
		defer os.RemoveAll(root)
	}
	b := &reloadBench{root: root, sample: sample{packages: *pkgs}}
	if err := b.prepareSelf(); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	app, err := startSelf(b.root, b.engineDir)
	if err != nil {
		return err
	}
	defer app.stop()
	client := steadyClient(ctx, app.url+"/", *rate, os.Stderr)
	took, err := pairEdits([]side{
		{name: "reloader", edit: func(i int, rename bool) (time.Duration, error) { return b.selfEdit(app, i, rename, *settle) }},
		{name: "floor", edit: b.floorEdit},
	}, *edits, os.Stderr)
	sent, failed := client.stop()
	if err != nil {
		return err
	}
	if err := app.stop(); err != nil {
		return err
	}
	printSelfReload(*edits, b.sample, took[0], took[1], sent, failed, *rate)
	return nil
}

// prepareSelf writes the sample module twice, with a main that serves
// through serving.RunSimple with the reloader, and fills the build cache.
// The floor's copy is the same program: built and started by hand with
// DEVSERVE_ADDR set, it serves without reloading.
func (b *reloadBench) prepareSelf() error {
	if err := b.prepare(); err != nil {
		return err
	}
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("go env GOMOD: %v", err)
	}
	repoMod := strings.TrimSpace(string(out))
	gomod, err := os.ReadFile(repoMod)
	if err != nil {
		return err
	}
	gosum, err := os.ReadFile(filepath.Join(filepath.Dir(repoMod), "go.sum"))
	if err != nil {
		return err
	}
	mod := strings.Replace(string(gomod), "module github.com/devserve/devserve", "module example.com/sample", 1) +
		"\nrequire github.com/devserve/devserve v0.0.0\n\nreplace github.com/devserve/devserve => " + filepath.Dir(repoMod) + "\n"
	files := map[string]string{"go.mod": mod, "go.sum": string(gosum), "main.go": selfMain}
	for _, dir := range []string{b.engineDir, b.floorDir} {
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				return err
			}
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(b.root, "warmself"), ".")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("warming the build cache: %v\n%s", err, out)
		}
	}
	return nil
}

// selfMain is the main package of the reloader's sample: the floor's,
// served by serving.RunSimple with the reloader.
const selfMain = `package main

import (
	"fmt"
	"io"
	"net/http"
	"os"

	"example.com/sample/lib"
	"github.com/devserve/devserve/serving"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, lib.Version()) })
	if err := serving.RunSimple("127.0.0.1:0", nil, serving.WithReloader(), serving.WithLog(io.Discard)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// selfApp is the sample, built and started: its process is the
// reloader's supervisor.
type selfApp struct {
	cmd     *exec.Cmd
	url     string
	done    chan error // receives the command's end
	stopped bool       // stop was called
}

// startSelf builds the sample in dir into root and starts it, and waits
// for its banner. Its output goes on to standard error.
func startSelf(root, dir string) (*selfApp, error) {
	bin := filepath.Join(root, "self")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the sample: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	a := &selfApp{cmd: cmd, done: done}
	urls := make(chan string, 1)
	go func() {
		running := regexp.MustCompile(`^ \* Running on (http://\S+)$`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			fmt.Fprintln(os.Stderr, "sample:", sc.Text())
			if m := running.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
		done <- cmd.Wait()
	}()
	select {
	case a.url = <-urls:
		return a, nil
	case err := <-done:
		a.stopped = true
		return nil, fmt.Errorf("the sample stopped before it served: %v", err)
	case <-time.After(2 * time.Minute):
		a.stop()
		return nil, errors.New("the sample did not serve within 2 minutes")
	}
}

// stop interrupts the sample, as Ctrl+C does, and waits for it; it kills
// it if that takes more than a minute. It may be called more than once.
func (a *selfApp) stop() error {
	if a.stopped {
		return nil
	}
	a.stopped = true
	if err := a.cmd.Process.Signal(os.Interrupt); err != nil {
		a.cmd.Process.Kill()
	}
	select {
	case err := <-a.done:
		return err
	case <-time.After(time.Minute):
		a.cmd.Process.Kill()
		<-a.done
		return errors.New("the sample did not stop within a minute of SIGINT")
	}
}

// selfEdit saves an edit in the reloader's copy and times it until the
// program's address answers with the new code, then gives the reloader
// settle to list the packages again, which it does after each restart.
func (b *reloadBench) selfEdit(a *selfApp, i int, rename bool, settle time.Duration) (time.Duration, error) {
	version := fmt.Sprintf("self-%d", i)
	addr := strings.TrimPrefix(a.url, "http://")
	start := time.Now()
	if err := b.sample.save(b.engineDir, version, rename); err != nil {
		return 0, err
	}
	err := poll(func() string { return addr }, version)
	took := time.Since(start)
	time.Sleep(settle) // no signal to await: the reloader's go list runs unseen
	return took, err
}

// printSelfReload prints the figures.
func printSelfReload(edits int, s sample, self, floor []time.Duration, sent, failed int64, rate int) {
	sm, sp := percentile(self, 50), percentile(self, 90)
	fm, fp := percentile(floor, 50), percentile(floor, 90)
	fmt.Printf("selfreload: %d edits to a non-main package of a %v (%d in place, %d write+rename)\n",
		edits, s, (edits+1)/2, edits/2)
	fmt.Printf("  %-44s %9s %9s\n", "save -> first response with the new code", "median", "p90")
	fmt.Printf("  %-44s %9s %9s\n", "serving.WithReloader", sm.Round(time.Millisecond), sp.Round(time.Millisecond))
	fmt.Printf("  %-44s %9s %9s\n", "floor (go build + start + request, by hand)", fm.Round(time.Millisecond), fp.Round(time.Millisecond))
	fmt.Printf("  %-44s %8.3fx %8.3fx\n", "ratio reloader/floor", ratio(sm, fm), ratio(sp, fp))
	fmt.Printf("  steady client on the program's address at %d req/s: %d requests, %d failed (target 0)\n", rate, sent, failed)
}
