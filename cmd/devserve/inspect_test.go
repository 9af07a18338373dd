package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"net/http"
	"net/http/cookiejar"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/devserve/devserve/proxy"
)

// consoleAttrs find what a page's console needs in the page.
var consoleAttrs = regexp.MustCompile(`data-console="([^"]+)" data-token="([^"]+)"(?s:.*?)<form class="console" data-frame="(\d+)"`)

// cmdConsole is "console [-pin PIN]... PATH EXPR...": it fetches the
// HTML page at PATH, which parks the panicking goroutine for it, gives
// the console each PIN in turn (writing "pin PIN => ok" or "pin PIN =>
// error: MESSAGE"), and evaluates each expression in the page's first
// console, writing "EXPR => VALUE" or "EXPR => error: MESSAGE" a line.
func cmdConsole(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	var pins listFlag
	fs.Var(&pins, "pin", "")
	if neg || fs.Parse(args) != nil || fs.NArg() < 2 {
		ts.Fatalf("usage: console [-pin PIN]... PATH EXPR...")
	}
	args = fs.Args()
	jar, err := cookiejar.New(nil)
	ts.Check(err)
	client := &http.Client{Jar: jar}
	_, page, err := fetch(scriptURL(ts, args[0]), "", [][2]string{{"Accept", "text/html"}}, time.Minute)
	ts.Check(err)
	m := consoleAttrs.FindStringSubmatch(page)
	if m == nil {
		ts.Fatalf("the page at %s has no console:\n%s", args[0], page)
	}
	base, token := scriptURL(ts, html.UnescapeString(m[1])), html.UnescapeString(m[2])
	var frame int
	fmt.Sscan(m[3], &frame)
	for _, pin := range pins {
		ans := post(ts, client, base+"pin", token, map[string]string{"pin": pin})
		if ans.Error != "" {
			fmt.Fprintf(ts.Stdout(), "pin %s => error: %s\n", pin, ans.Error)
		} else {
			fmt.Fprintf(ts.Stdout(), "pin %s => ok\n", pin)
		}
	}
	for _, expr := range args[1:] {
		ans := post(ts, client, base+"eval", token, proxy.EvalRequest{Frame: frame, Expr: expr})
		if ans.Error != "" {
			fmt.Fprintf(ts.Stdout(), "%s => error: %s\n", expr, ans.Error)
			continue
		}
		fmt.Fprintf(ts.Stdout(), "%s => %s\n", expr, ans.Value.Line())
	}
}

// post posts one console request.
func post(ts *testscript.TestScript, client *http.Client, url, token string, v any) proxy.EvalAnswer {
	body, err := json.Marshal(v)
	ts.Check(err)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	ts.Check(err)
	req.Header.Set(proxy.TokenHeader, token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	ts.Check(err)
	defer resp.Body.Close()
	var ans proxy.EvalAnswer
	ts.Check(json.NewDecoder(resp.Body).Decode(&ans))
	return ans
}

// cmdKillMidSession is "killmidsession PATH PIDFILE": it requests PATH,
// whose handler panics, waits until the app (whose PID PIDFILE holds) is
// stopped for the inspection, and kills the app's parent, devserve, with
// SIGKILL, as a crash or the OOM killer would.
func cmdKillMidSession(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: killmidsession PATH PIDFILE")
	}
	pid, err := strconv.Atoi(strings.TrimSpace(ts.ReadFile(args[1])))
	ts.Check(err)
	go fetch(scriptURL(ts, args[0]), "", [][2]string{{"Accept", "text/plain"}}, time.Minute) // ends with devserve
	deadline := time.Now().Add(60 * time.Second)
	for {
		state, ppid, err := procStat(pid)
		ts.Check(err)
		if state == "t" || state == "T" {
			ts.Logf("app %d in state %s: killing devserve (%d)", pid, state, ppid)
			ts.Check(syscall.Kill(ppid, syscall.SIGKILL))
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("app %d was never stopped for an inspection", pid)
		}
		time.Sleep(time.Millisecond) // a stop gives an outsider no signal
	}
}

// procStat returns the state letter and parent of process pid.
func procStat(pid int) (state string, ppid int, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "", 0, err
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 2 {
		return "", 0, fmt.Errorf("unreadable /proc/%d/stat", pid)
	}
	ppid, err = strconv.Atoi(f[1])
	return f[0], ppid, err
}
