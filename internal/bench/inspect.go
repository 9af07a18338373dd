package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// inspectResult is what the inspect benchmark measured.
type inspectResult struct {
	first, later      time.Duration   // panic → page with locals: the first after start, the median of later ones
	frozen            []time.Duration // how long the app was stopped, per page
	rssEarly, rssLate int64           // devserve's resident set after a few inspections and after many
	sessions          int
	binary, delve     int64 // the devserve binary's size, and the part delve's packages take
}

// runInspect prints the inspect figures.
func runInspect(args []string) error {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	n := fs.Int("n", 20, "panics after the first, timed")
	more := fs.Int("more", 100, "further panics, for the memory figure")
	if err := fs.Parse(args); err != nil {
		return err
	}
	res, err := measureInspect(*n, *more)
	if err != nil {
		return err
	}
	return printText(os.Stdout, []section{res.section()})
}

// measureInspect runs devserve run on examples/app, the README's
// example, and times its /panic page with locals: the first after start,
// then n more; then more panics, for devserve's memory.
func measureInspect(n, more int) (*inspectResult, error) {
	if _, err := os.Stat(filepath.Join("examples", "app", "main.go")); err != nil {
		return nil, fmt.Errorf("run the benchmark from the repository's root: %w", err)
	}
	dir, err := os.MkdirTemp("", "devserve-bench-inspect-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	devserve := filepath.Join(dir, "devserve")
	if out, err := exec.Command("go", "build", "-o", devserve, "github.com/devserve/devserve/cmd/devserve").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building devserve: %v\n%s", err, out)
	}
	res := &inspectResult{}
	if res.binary, res.delve, err = binarySize(devserve); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ds, err := startInspectRun(ctx, devserve)
	if err != nil {
		return nil, err
	}
	defer ds.stop()
	return res, ds.measure(res, n, more)
}

// inspectRun is a running devserve run.
type inspectRun struct {
	cmd  *exec.Cmd
	url  string
	done chan error
}

var servingAt = regexp.MustCompile(`at (http://\S+)/`)

// startInspectRun starts devserve run on examples/app and waits for its
// banner.
func startInspectRun(ctx context.Context, devserve string) (*inspectRun, error) {
	cmd := exec.CommandContext(ctx, devserve, "run", "--addr", "127.0.0.1:0", "--inspect-timeout", "10s", "./examples/app")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	ds := &inspectRun{cmd: cmd, done: make(chan error, 1)}
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if m := servingAt.FindStringSubmatch(sc.Text()); m != nil {
			ds.url = m[1]
			break
		}
	}
	if ds.url == "" {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, errors.New("devserve run printed no URL")
	}
	go func() {
		io.Copy(io.Discard, stderr)
		ds.done <- cmd.Wait()
	}()
	return ds, nil
}

// stop interrupts devserve and waits for it.
func (ds *inspectRun) stop() {
	ds.cmd.Process.Signal(os.Interrupt)
	select {
	case <-ds.done:
	case <-time.After(10 * time.Second):
		ds.cmd.Process.Kill()
		<-ds.done
	}
}

// measure times the first panic page, n later ones and how long the app
// was stopped for each, then makes more pages and reads devserve's
// memory.
func (ds *inspectRun) measure(res *inspectResult, n, more int) error {
	pid, err := ds.appPID()
	if err != nil {
		return err
	}
	var later []time.Duration
	for i := range 1 + n {
		d, frozen, err := ds.panicPage(pid)
		if err != nil {
			return err
		}
		res.frozen = append(res.frozen, frozen)
		if i == 0 {
			res.first = d
		} else {
			later = append(later, d)
		}
	}
	res.later = percentile(later, 50)
	early, err := readUsage(ds.cmd.Process.Pid)
	if err != nil {
		return err
	}
	for range more {
		if _, _, err := ds.panicPage(pid); err != nil {
			return err
		}
	}
	late, err := readUsage(ds.cmd.Process.Pid)
	res.rssEarly, res.rssLate, res.sessions = early.rss, late.rss, 1+n+more
	return err
}

// appPID waits for the app to run and returns its process ID, from
// devserve's status.
func (ds *inspectRun) appPID() (int, error) {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		resp, err := http.Get(ds.url + "/__devserve/api/status")
		if err == nil {
			var st struct {
				State string `json:"state"`
				PID   int    `json:"pid"`
			}
			err = json.NewDecoder(resp.Body).Decode(&st)
			resp.Body.Close()
			if err == nil && st.State == "running" && st.PID != 0 {
				return st.PID, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return 0, errors.New("the app never ran")
}

// panicPage requests the panic page as text and returns how long it
// took and how long the app was stopped meanwhile.
func (ds *inspectRun) panicPage(pid int) (time.Duration, time.Duration, error) {
	var stopped atomic.Int64
	quit := make(chan struct{})
	watched := make(chan struct{})
	go func() { // samples the app's state until quit
		defer close(watched)
		last := time.Now()
		for {
			select {
			case <-quit:
				return
			default:
			}
			state, _ := procState(pid)
			now := time.Now()
			if state == 't' || state == 'T' {
				stopped.Add(int64(now.Sub(last)))
			}
			last = now
			time.Sleep(200 * time.Microsecond) // a stop gives an outsider no signal
		}
	}()
	req, _ := http.NewRequest(http.MethodGet, ds.url+"/panic", nil)
	req.Header.Set("Accept", "text/plain")
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	d := time.Since(start)
	close(quit)
	<-watched
	switch {
	case err != nil:
		return 0, 0, err
	case !strings.Contains(string(body), "\tuser = <nil>\n"):
		return 0, 0, fmt.Errorf("the panic page shows no locals:\n%s", body)
	}
	return d, time.Duration(stopped.Load()), nil
}

// procState returns the state letter of process pid.
func procState(pid int) (byte, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 || i+2 >= len(b) {
		return 0, errors.New("unreadable stat")
	}
	return b[i+2], nil
}

// binarySize returns the size of the executable at path and the bytes of
// its symbols from delve's packages.
func binarySize(path string) (total, delve int64, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	out, err := exec.Command("go", "tool", "nm", "-size", path).Output()
	if err != nil {
		return 0, 0, fmt.Errorf("go tool nm: %w", err)
	}
	for line := range strings.SplitSeq(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 4 && strings.HasPrefix(f[3], "github.com/go-delve/") {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			delve += n
		}
	}
	return fi.Size(), delve, nil
}

// section returns the table's rows.
func (res *inspectResult) section() section {
	frozen := slices.Clone(res.frozen)
	slices.Sort(frozen)
	maxFrozen := frozen[len(frozen)-1]
	growth := float64(res.rssLate-res.rssEarly) / float64(res.rssEarly)
	mb := func(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }
	return section{
		name:  "inspect",
		about: fmt.Sprintf("devserve run on examples/app, whose /panic handler panics on a nil local inside debugpage.Handler; text pages, %d sessions", res.sessions),
		rows: []row{
			{figure: "panic → page with locals, first after start", value: res.first.Round(time.Millisecond).String(), target: "≤ 1s", met: check(res.first <= time.Second)},
			{figure: fmt.Sprintf("panic → page with locals, median of %d later", len(res.frozen)-1), value: res.later.Round(time.Millisecond).String(), target: "≤ 400ms", met: check(res.later <= 400*time.Millisecond)},
			{figure: "app stopped per page, median / max", value: percentile(frozen, 50).Round(time.Millisecond).String() + " / " + maxFrozen.Round(time.Millisecond).String(), target: "≤ 500ms", met: check(maxFrozen <= 500*time.Millisecond)},
			{figure: fmt.Sprintf("devserve RSS after %d sessions and after %d", len(res.frozen), res.sessions), value: mb(res.rssEarly) + " → " + mb(res.rssLate), target: "flat (≤ +10%)", met: check(growth <= 0.10)},
			{figure: "devserve binary, of which delve's packages", value: mb(res.binary) + ", " + mb(res.delve)},
		},
	}
}
