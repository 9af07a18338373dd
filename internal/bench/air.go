package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// airModule is the air the reload benchmark compares with.
const airModule = "github.com/air-verse/air@v1.67.4"

// installAir installs air into a GOBIN of its own under root and returns
// its executable.
func installAir(root string) (string, error) {
	gobin := filepath.Join(root, "gobin")
	cmd := exec.Command("go", "install", airModule)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOBIN="+gobin)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s: %v\n%s", airModule, err, out)
	}
	return filepath.Join(gobin, "air"+exeSuffix), nil
}

// airApp is air serving a copy of the sample of its own, so that its
// watcher and the engine's do not see each other's edits.
type airApp struct {
	id     string // names its directory, output and versions
	dir    string
	sample sample
	app    string // the app's address
	addr   string // where the new code is asked for: the app, or air's proxy

	running chan struct{} // receives when air says it runs a new build
	done    chan struct{} // closed when air has exited
	err     error         // air's end, set before done is closed
}

// startAir runs air (the executable bin) on its copy of the sample with
// its defaults, or with its proxy on, until ctx is cancelled, and waits
// for the app. Air's output goes to a file in root.
func (b *reloadBench) startAir(ctx context.Context, bin string, proxy bool) (side, error) {
	a := &airApp{id: "air", sample: b.sample, running: make(chan struct{}, 1), done: make(chan struct{})}
	name := "air (defaults)"
	if proxy {
		a.id, name = "airproxy", "air (proxy on)"
	}
	var err error
	if a.dir, err = b.writeCopy(a.id); err != nil {
		return side{}, err
	}
	args, err := a.pickAddrs(proxy)
	if err != nil {
		return side{}, err
	}
	out, err := os.Create(filepath.Join(b.root, a.id+".log"))
	if err != nil {
		return side{}, err
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = a.dir
	cmd.Env = append(os.Environ(), "DEVSERVE_ADDR="+a.app, "NO_COLOR=1")
	w := &airLog{w: out, running: a.running}
	cmd.Stdout, cmd.Stderr = w, w
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) } // air stops the app
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		out.Close()
		return side{}, err
	}
	go func() {
		a.err = cmd.Wait()
		out.Close()
		close(a.done)
	}()
	s := side{name: name, url: "http://" + a.addr + "/", edit: a.edit, wait: a.wait}
	return s, a.await("start")
}

// pickAddrs picks the app's address and, with the proxy on, the proxy's,
// and returns the arguments that tell air.
func (a *airApp) pickAddrs(proxy bool) ([]string, error) {
	var err error
	if a.app, err = freeAddr(); err != nil || !proxy {
		a.addr = a.app
		return nil, err
	}
	if a.addr, err = freeAddr(); err != nil {
		return nil, err
	}
	_, appPort, _ := net.SplitHostPort(a.app)
	_, proxyPort, _ := net.SplitHostPort(a.addr)
	return []string{"--proxy.enabled", "true", "--proxy.proxy_port", proxyPort, "--proxy.app_port", appPort}, nil
}

// edit saves edit i in air's copy and times it until the app answers
// with the new code.
func (a *airApp) edit(i int, rename bool) (time.Duration, error) {
	version := fmt.Sprintf("%s-%d", a.id, i)
	select {
	case <-a.running: // a notice from before the save
	default:
	}
	start := time.Now()
	if err := a.sample.save(a.dir, version, rename); err != nil {
		return 0, err
	}
	err := a.await(version)
	return time.Since(start), err
}

// await waits for air to run a new build, then polls the app until it
// answers version: as for the engine, requests start once the new app
// does, so that they do not compete with the build.
func (a *airApp) await(version string) error {
	select {
	case <-a.running:
	case <-a.done:
		return fmt.Errorf("air stopped: %v", a.err)
	case <-time.After(2 * time.Minute):
		return errors.New("air ran no new build within 2 minutes")
	}
	return poll(func() string { return a.addr }, version)
}

// wait waits for air to exit once interrupted. Its exit status says
// nothing about the benchmark; only a hang does.
func (a *airApp) wait() error {
	<-a.done
	if errors.Is(a.err, exec.ErrWaitDelay) {
		return errors.New("air: its output stayed open 10s after it was interrupted")
	}
	return nil
}

// airLog writes air's output to w, and tells running each time air says
// it runs a new build. As air's standard output and error, it is written
// by one goroutine at a time.
type airLog struct {
	w       io.Writer
	running chan<- struct{}
	line    []byte // the last line, as far as it was written
}

// Write implements io.Writer.
func (l *airLog) Write(p []byte) (int, error) {
	l.line = append(l.line, p...)
	for {
		i := bytes.IndexByte(l.line, '\n')
		if i < 0 {
			break
		}
		if bytes.Contains(l.line[:i], []byte("running...")) {
			select {
			case l.running <- struct{}{}:
			default:
			}
		}
		l.line = l.line[i+1:]
	}
	return l.w.Write(p)
}
