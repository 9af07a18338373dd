package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// bigApp is the main package of the watch-scale module: it serves an
// embedded tree of static files, so that every file of the tree is in the
// watch set, as a front end's assets are.
const bigApp = `package main

import (
	"embed"
	"fmt"
	"net/http"
	"os"
)

//go:embed static
var static embed.FS

func main() {
	http.Handle("/", http.FileServerFS(static))
	if err := http.ListenAndServe(os.Getenv("DEVSERVE_ADDR"), nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// watchConfig is the shape of a watch-scale run.
type watchConfig struct {
	dirs, files int           // directories of the tree, files in each
	idle        time.Duration // how long devserve's CPU time is measured while nothing changes
	samples     int           // changes timed from the write to devserve's "building" line
	poll        time.Duration // devserve's --poll interval; 0 for file notifications
}

// watchResult is what a watch-scale run measured of the devserve process.
type watchResult struct {
	cfg     watchConfig
	watched int           // files devserve said it watches
	start   time.Duration // from starting devserve to its "watching N files" line
	idle    procUsage     // CPU time used over cfg.idle; memory at the end of it
	detect  []time.Duration
	floor   time.Duration // polling: CPU time of one os.Lstat of every file of the tree
}

// runWatch prints the watch-scale figures, with file notifications and
// with polling.
func runWatch(args []string) error {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	cfg := watchConfig{}
	fs.IntVar(&cfg.dirs, "dirs", 10000, "directories in the generated tree")
	fs.IntVar(&cfg.files, "files", 10, "files in each directory")
	fs.DurationVar(&cfg.idle, "idle", 10*time.Second, "idle time over which CPU is measured")
	fs.IntVar(&cfg.samples, "samples", 5, "changes whose detection is timed")
	poll := fs.Duration("poll", time.Second, "the polling interval of the second run (0: skip it)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sections, err := measureWatch(cfg, *poll)
	if err != nil {
		return err
	}
	return printText(os.Stdout, sections)
}

// measureWatch builds devserve and the tree, runs devserve on it with
// file notifications and, if poll is positive, with polling, and returns
// a section for each.
func measureWatch(cfg watchConfig, poll time.Duration) ([]section, error) {
	root, err := os.MkdirTemp("", "devserve-bench-watch-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(root)
	devserve := filepath.Join(root, "devserve"+exeSuffix)
	build := exec.Command("go", "build", "-o", devserve, "github.com/devserve/devserve/cmd/devserve")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building devserve: %v\n%s", err, out)
	}
	dir := filepath.Join(root, "big")
	if err := writeTree(dir, cfg.dirs, cfg.files); err != nil {
		return nil, err
	}
	warm := exec.Command("go", "build", "-o", filepath.Join(root, "warm"+exeSuffix), ".")
	warm.Dir = dir
	if out, err := warm.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("warming the build cache: %v\n%s", err, out)
	}
	modes := []time.Duration{0} // file notifications
	if poll > 0 {
		modes = append(modes, poll)
	}
	var sections []section
	for _, p := range modes {
		c := cfg
		c.poll = p
		res, err := watchOnce(devserve, dir, c)
		if err != nil {
			return nil, err
		}
		if p > 0 {
			if res.floor, err = statFloor(dir, cfg); err != nil {
				return nil, err
			}
		}
		sections = append(sections, res.section())
	}
	return sections, nil
}

// statFloor returns the CPU time this process spends on one os.Lstat of
// every file of the tree in dir, the median of three passes: what the
// plainest polling would cost, to compare polling with.
func statFloor(dir string, cfg watchConfig) (time.Duration, error) {
	var passes []time.Duration
	for range 3 {
		before, err := readUsage(os.Getpid())
		if err != nil {
			return 0, err
		}
		for d := range cfg.dirs {
			sub := treeDir(dir, d)
			for f := range cfg.files {
				if _, err := os.Lstat(filepath.Join(sub, "f"+strconv.Itoa(f)+".txt")); err != nil {
					return 0, err
				}
			}
		}
		after, err := readUsage(os.Getpid())
		if err != nil {
			return 0, err
		}
		passes = append(passes, after.cpu-before.cpu)
	}
	return percentile(passes, 50), nil
}

// writeTree writes the watch-scale module in dir: a main package that
// embeds static/, and in static/ files in dirs directories, grouped a
// hundred to a parent.
func writeTree(dir string, dirs, files int) error {
	if err := writeFile(filepath.Join(dir, "go.mod"), "module example.com/big\n\ngo 1.26\n"); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "main.go"), bigApp); err != nil {
		return err
	}
	for d := range dirs {
		sub := treeDir(dir, d)
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return err
		}
		for f := range files {
			if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("f%d.txt", f)), []byte(fmt.Sprintf("file %d of directory %d\n", f, d)), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// treeDir returns the d-th directory of the tree in dir.
func treeDir(dir string, d int) string {
	return filepath.Join(dir, "static", fmt.Sprintf("p%03d", d/100), fmt.Sprintf("d%02d", d%100))
}

// line is one line devserve printed, and when the benchmark read it.
type line struct {
	at   time.Time
	text string
}

// devserveRun is a devserve process and the lines it prints.
type devserveRun struct {
	cmd   *exec.Cmd
	lines chan line // closed at the end of its output
	last  []string  // the last lines read, for errors
}

// watchOnce starts devserve on the tree, and measures it.
func watchOnce(devserve, dir string, cfg watchConfig) (*watchResult, error) {
	args := []string{"run", "--verbose", "--no-browser-reload", "--addr", "127.0.0.1:0"}
	if cfg.poll > 0 {
		args = append(args, "--poll="+cfg.poll.String())
	}
	cmd := exec.Command(devserve, append(args, ".")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	r := &devserveRun{cmd: cmd, lines: make(chan line, 64)}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go r.read(stderr)
	res := &watchResult{cfg: cfg}
	err = r.measure(res, dir, start)
	if stopErr := r.stop(); err == nil {
		err = stopErr
	}
	return res, err
}

// stop interrupts devserve, as Ctrl-C does, and waits for it to exit;
// it is killed if it has not within 30 seconds.
func (r *devserveRun) stop() error {
	if err := r.cmd.Process.Signal(os.Interrupt); err != nil {
		r.cmd.Process.Kill() // no interrupt on Windows
	}
	kill := time.AfterFunc(30*time.Second, func() { r.cmd.Process.Kill() })
	defer kill.Stop()
	for range r.lines { // until devserve closes its output, at its exit
	}
	if err := r.cmd.Wait(); err != nil {
		return fmt.Errorf("devserve: %w", err)
	}
	return nil
}

// read sends devserve's lines, stamped, until the end of its output.
func (r *devserveRun) read(stderr io.Reader) {
	defer close(r.lines)
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		r.lines <- line{time.Now(), sc.Text()}
	}
}

// measure takes the figures of one run: the time to the first
// "watching" line, CPU time and memory once idle, and the time from each
// change to the "building" line that names it.
func (r *devserveRun) measure(res *watchResult, dir string, start time.Time) error {
	l, err := r.await("watching ")
	if err != nil {
		return err
	}
	res.start = l.at.Sub(start)
	if res.watched, err = watchedFiles(l.text); err != nil {
		return err
	}
	if err := r.settle(); err != nil {
		return err
	}
	before, err := readUsage(r.cmd.Process.Pid)
	if err != nil {
		return err
	}
	if err := r.quiet(res.cfg.idle); err != nil {
		return err
	}
	after, err := readUsage(r.cmd.Process.Pid)
	if err != nil {
		return err
	}
	res.idle = procUsage{cpu: after.cpu - before.cpu, rss: after.rss, hwm: after.hwm}
	for i := range res.cfg.samples {
		d := (i*37 + 11) % res.cfg.dirs // spread over the tree
		name := filepath.Join(treeDir(dir, d), fmt.Sprintf("f%d.txt", i%res.cfg.files))
		rel := filepath.ToSlash(strings.TrimPrefix(name, dir+string(filepath.Separator)))
		t0 := time.Now()
		if err := appendLine(name); err != nil {
			return err
		}
		l, err := r.await("building: " + rel)
		if err != nil {
			return err
		}
		res.detect = append(res.detect, l.at.Sub(t0))
		fmt.Fprintf(os.Stderr, "  watch (%s): change %d/%d seen in %v\n", res.mode(), i+1, res.cfg.samples, l.at.Sub(t0).Round(time.Millisecond))
		if err := r.settle(); err != nil {
			return err
		}
	}
	return nil
}

// settle waits for the end of a cycle: the app ready ("●"), then the
// watch set recomputed ("watching").
func (r *devserveRun) settle() error {
	if _, err := r.await("● "); err != nil {
		return err
	}
	_, err := r.await("watching ")
	return err
}

// quiet waits for d, failing if devserve prints anything meanwhile:
// an idle devserve says nothing.
func (r *devserveRun) quiet(d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case l, ok := <-r.lines:
		if !ok {
			return r.ended()
		}
		return fmt.Errorf("devserve was not idle: it printed %q", l.text)
	}
}

// await returns the first line that starts with prefix, after trimming
// its indentation, or fails on an error line (✗) or a timeout.
func (r *devserveRun) await(prefix string) (line, error) {
	timeout := time.After(5 * time.Minute)
	for {
		select {
		case l, ok := <-r.lines:
			if !ok {
				return l, r.ended()
			}
			r.last = append(r.last[max(len(r.last)-9, 0):], l.text)
			text := strings.TrimSpace(l.text)
			if strings.HasPrefix(text, "✗") {
				return l, fmt.Errorf("devserve: %s", strings.Join(r.last, "\n"))
			}
			if strings.HasPrefix(text, prefix) {
				return l, nil
			}
		case <-timeout:
			return line{}, fmt.Errorf("devserve did not print %q within 5 minutes; its last lines:\n%s", prefix, strings.Join(r.last, "\n"))
		}
	}
}

// ended describes devserve's output ending early.
func (r *devserveRun) ended() error {
	return fmt.Errorf("devserve exited; its last lines:\n%s", strings.Join(r.last, "\n"))
}

// watchedFiles reads N from a line "watching N files (mode)".
func watchedFiles(text string) (int, error) {
	f := strings.Fields(text)
	if len(f) < 2 {
		return 0, errors.New("devserve: no count in " + text)
	}
	return strconv.Atoi(f[1])
}

// mode names how the run watched.
func (res *watchResult) mode() string {
	if res.cfg.poll > 0 {
		return "polling every " + res.cfg.poll.String()
	}
	return "fsnotify"
}

// section returns the rows of the run, each against its target.
func (res *watchResult) section() section {
	cfg := res.cfg
	cpu := res.idle.cpu.Seconds() / cfg.idle.Seconds() * 100
	det := percentile(res.detect, 50)
	detTarget := 100 * time.Millisecond
	if cfg.poll > 0 {
		detTarget += cfg.poll // a change waits for the next poll
	}
	mb := func(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
	sec := section{
		name: "watch scale, " + res.mode(),
		about: fmt.Sprintf("devserve run on a module embedding %d files in %d directories; its own process, from /proc",
			cfg.dirs*cfg.files, cfg.dirs),
		rows: []row{
			{figure: "files in the watch set", value: fmt.Sprint(res.watched), target: fmt.Sprintf("≥ %d", cfg.dirs*cfg.files), met: check(res.watched >= cfg.dirs*cfg.files), strict: true},
			{figure: "time to start watching (process start → watching)", value: res.start.Round(time.Millisecond).String()},
			{figure: "supervisor RSS, idle / peak", value: mb(res.idle.rss) + " / " + mb(res.idle.hwm), target: "< 60 MB", met: check(res.idle.rss < 60<<20)},
			{figure: fmt.Sprintf("CPU used over %v idle", cfg.idle), value: fmt.Sprintf("%v (%.2f%% of a core)", res.idle.cpu, cpu), target: "< 1% of a core", met: check(cpu < 1)},
			{figure: fmt.Sprintf("change → detected, median of %d (max)", len(res.detect)),
				value:  det.Round(time.Millisecond).String() + " (" + percentile(res.detect, 100).Round(time.Millisecond).String() + ")",
				target: "< " + detTarget.String(), met: check(det < detTarget)},
		},
	}
	if cfg.poll > 0 {
		floor := res.floor.Seconds() / cfg.poll.Seconds() * 100
		sec.rows = append(sec.rows, row{figure: "for comparison: CPU of os.Lstat on every file by path, once per interval",
			value: fmt.Sprintf("%v a pass (%.2f%% of a core)", res.floor.Round(time.Millisecond), floor)})
	}
	return sec
}
