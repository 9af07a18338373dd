package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"devserve": main})
}

// TestScripts runs the scripts in testdata/script against the real
// devserve binary, on the sample modules the scripts hold.
func TestScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs sample apps")
	}
	goEnv := goEnvFor(t, "GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT")
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			for k, v := range goEnv {
				env.Setenv(k, v)
			}
			if !strings.HasPrefix(filepath.Base(env.WorkDir), "script-framework_") {
				env.Setenv("GOPROXY", "off") // framework scripts download the framework, pinned by go.sum
			}
			env.Setenv("GOTOOLCHAIN", "local")
			env.Setenv("NO_COLOR", "1")
			env.Setenv("XDG_CACHE_HOME", env.WorkDir+"/.cache") // the state file of devserve run
			addr, err := freeAddr()
			if err != nil {
				return err
			}
			env.Setenv("ADDR", addr)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"get":         cmdGet,
			"editreload":  cmdEditReload,
			"processgone": cmdProcessGone,
			"hangup":      cmdHangup,
			"dialwithin":  cmdDialWithin,
		},
	})
}

// goEnvFor returns the values of the go command's variables names, so
// that the scripts build with this machine's cache and toolchain.
func goEnvFor(t *testing.T, names ...string) map[string]string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	vals := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	env := make(map[string]string, len(names))
	for i, name := range names {
		if i < len(vals) && vals[i] != "" {
			env[name] = vals[i]
		}
	}
	return env
}

// freeAddr returns a loopback address with a port free at the time of
// the call, for a script's devserve to listen on.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// cmdGet is "get [-status N] [-accept TYPE] [-until REGEXP] [-timeout D]
// [-https] URL": it fetches URL (a path is taken on $ADDR, over HTTPS with
// any certificate when -https is given) until the response has the status
// and its body matches the pattern, retrying every 100ms up to the
// timeout (default 60s), which bounds a request held by the proxy too, and
// writes the last body to stdout.
func cmdGet(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! get")
	}
	fs := flag.NewFlagSet("get", flag.ContinueOnError)
	status := fs.Int("status", 0, "")
	accept := fs.String("accept", "", "")
	until := fs.String("until", "", "")
	timeout := fs.Duration("timeout", 60*time.Second, "")
	https := fs.Bool("https", false, "")
	host := fs.String("host", "", "")
	var header headerFlag
	fs.Var(&header, "header", "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		ts.Fatalf("usage: get [-status N] [-accept TYPE] [-until REGEXP] [-timeout D] [-https] [-host HOST] [-header 'K: V']... URL")
	}
	if *accept != "" {
		header = append(header, [2]string{"Accept", *accept})
	}
	re, err := regexp.Compile(*until)
	ts.Check(err)
	url := scriptURL(ts, fs.Arg(0))
	if *https {
		url = "https" + strings.TrimPrefix(url, "http")
	}
	deadline := time.Now().Add(*timeout)
	var last string
	for {
		code, body, err := fetch(url, *host, header, max(time.Until(deadline), time.Second))
		switch {
		case err != nil:
			last = err.Error()
		case (*status == 0 || code == *status) && re.MatchString(body):
			ts.Logf("GET %s: %d", url, code)
			fmt.Fprint(ts.Stdout(), body)
			return
		default:
			last = fmt.Sprintf("%d %s", code, body)
		}
		if time.Now().After(deadline) {
			ts.Fatalf("GET %s: no response with status %d matching %q within %v; last: %s", url, *status, *until, *timeout, last)
		}
		time.Sleep(100 * time.Millisecond) // polling a server that gives no signal
	}
}

// scriptURL turns a path into a URL on $ADDR.
func scriptURL(ts *testscript.TestScript, s string) string {
	if strings.HasPrefix(s, "/") {
		return "http://" + ts.Getenv("ADDR") + s
	}
	return s
}

// headerFlag is get's repeatable -header 'Key: value'.
type headerFlag [][2]string

func (h *headerFlag) String() string { return fmt.Sprint(*h) }

func (h *headerFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, ":")
	if !ok {
		return fmt.Errorf("want 'Key: value'")
	}
	*h = append(*h, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
	return nil
}

// fetch makes one GET request, of at most timeout; over HTTPS, any
// certificate is accepted.
func fetch(url, host string, header [][2]string, timeout time.Duration) (int, string, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return 0, "", err
	}
	if host != "" {
		req.Host = host
	}
	for _, kv := range header {
		req.Header.Add(kv[0], kv[1])
	}
	client := &http.Client{
		Timeout:   timeout,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// cmdEditReload is "editreload SRC DST PATH": listening to the live-reload
// events, it copies SRC over DST, waits for the next reload, then fetches
// PATH exactly once and writes the body to stdout. The page must be the
// new one at once: reloads are announced only once the new app is ready.
func cmdEditReload(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: editreload SRC DST PATH")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", scriptURL(ts, "/__devserve/events"), nil)
	ts.Check(err)
	resp, err := http.DefaultClient.Do(req)
	ts.Check(err)
	defer resp.Body.Close()
	events := bufio.NewScanner(resp.Body)
	first := nextGen(ts, events)
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o666))
	next := nextGen(ts, events)
	ts.Logf("reload: generation %s → %s", first, next)
	code, body, err := fetch(scriptURL(ts, args[2]), "", [][2]string{{"Accept", "text/html"}}, 60*time.Second)
	ts.Check(err)
	ts.Logf("GET %s after the reload event: %d", args[2], code)
	fmt.Fprint(ts.Stdout(), body)
}

// nextGen returns the next reload generation announced on events.
func nextGen(ts *testscript.TestScript, events *bufio.Scanner) string {
	for events.Scan() {
		if gen, ok := strings.CutPrefix(events.Text(), "data: "); ok {
			return gen
		}
	}
	ts.Fatalf("live-reload events ended: %v", events.Err())
	return ""
}

// cmdHangup sends SIGHUP, as a closing terminal does, to the process
// whose ID is in FILE.
func cmdHangup(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: hangup FILE")
	}
	pid, err := strconv.Atoi(strings.TrimSpace(ts.ReadFile(args[0])))
	ts.Check(err)
	p, err := os.FindProcess(pid)
	ts.Check(err)
	ts.Check(p.Signal(syscall.SIGHUP))
}

// cmdProcessGone is "processgone FILE": the process whose PID FILE holds
// must not exist (it is given a few seconds to go).
func cmdProcessGone(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: processgone FILE")
	}
	pid, err := strconv.Atoi(strings.TrimSpace(ts.ReadFile(args[0])))
	ts.Check(err)
	deadline := time.Now().Add(5 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			ts.Fatalf("process %d is still running", pid)
		}
		time.Sleep(50 * time.Millisecond) // an unrelated process gives no signal when it ends
	}
}

// alive reports whether a process with the given PID exists.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return p.Signal(syscall.Signal(0)) == nil
}

// cmdDialWithin is "dialwithin D PATH", right after a devserve started in
// the background: a connection to $ADDR must be accepted within D of the
// command's start; then GET PATH is sent on that very connection and the
// body of its response, however long it takes, is written to stdout.
func cmdDialWithin(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: dialwithin DURATION PATH")
	}
	d, err := time.ParseDuration(args[0])
	ts.Check(err)
	start := time.Now()
	var conn net.Conn
	for conn == nil {
		c, err := net.DialTimeout("tcp", ts.Getenv("ADDR"), d)
		switch {
		case err == nil:
			conn = c
		case time.Since(start) > d:
			ts.Fatalf("no connection to $ADDR within %v: %v", d, err)
		default:
			time.Sleep(time.Millisecond) // a refused connection gives no signal of the listener to come
		}
	}
	defer conn.Close()
	ts.Logf("connected to $ADDR after %v", time.Since(start).Round(time.Millisecond))
	req, err := http.NewRequest("GET", scriptURL(ts, args[1]), nil)
	ts.Check(err)
	ts.Check(conn.SetDeadline(time.Now().Add(60 * time.Second)))
	ts.Check(req.Write(conn))
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	ts.Check(err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	ts.Check(err)
	ts.Logf("GET %s: %d", args[1], resp.StatusCode)
	fmt.Fprint(ts.Stdout(), string(body))
}
