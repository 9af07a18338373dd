package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/proxy"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// mcpApp is the app of the MCP tests; %s is the text of its page (Go
// code: a string expression).
const mcpApp = `package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	for i := 1; i <= 3; i++ {
		fmt.Printf("starting %%d\n", i)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		log.Printf("served %%s", r.URL.Path)
		fmt.Fprint(w, %s)
	})
	http.HandleFunc("/boom", handle)
	http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), nil)
}

func handle(w http.ResponseWriter, r *http.Request) {
	panic("boom in the handler")
}
`

// mcpRun is a devserve run, a separate process, of a sample module.
type mcpRun struct {
	t   *testing.T
	bin string // the devserve binary
	dir string // the module
	env []string
	url string // the public URL
	cmd *exec.Cmd
	out *bannerWriter
}

// startMCPRun builds devserve, writes the sample module and runs devserve
// run on it, until the test ends.
func startMCPRun(t *testing.T) *mcpRun {
	t.Helper()
	if testing.Short() {
		t.Skip("builds devserve and runs an app")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "devserve")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	rn := &mcpRun{t: t, bin: bin, dir: filepath.Join(tmp, "app"), out: &bannerWriter{url: make(chan string, 1)}}
	// The state file goes to a cache directory of the test's own; the
	// go command keeps its cache, which it would look for there too.
	rn.env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(tmp, "cache"), "NO_COLOR=1", "GOPROXY=off", "GOTOOLCHAIN=local")
	for k, v := range goEnvFor(t, "GOCACHE", "GOMODCACHE") {
		rn.env = append(rn.env, k+"="+v)
	}
	rn.write("go.mod", "module example.com/app\n\ngo 1.22\n")
	rn.edit(`"version 1"`)
	rn.cmd = exec.Command(bin, "run", "--addr", "127.0.0.1:0")
	rn.cmd.Dir, rn.cmd.Env, rn.cmd.Stdout, rn.cmd.Stderr = rn.dir, rn.env, rn.out, rn.out
	if err := rn.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rn.stop)
	select {
	case rn.url = <-rn.out.url:
	case <-time.After(60 * time.Second):
		t.Fatalf("devserve run printed no URL:\n%s", rn.out.String())
	}
	return rn
}

// write writes a file of the module.
func (rn *mcpRun) write(name, content string) {
	rn.t.Helper()
	if err := os.MkdirAll(rn.dir, 0o755); err != nil {
		rn.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rn.dir, name), []byte(content), 0o644); err != nil {
		rn.t.Fatal(err)
	}
}

// edit writes main.go with text as the page's text.
func (rn *mcpRun) edit(text string) { rn.write("main.go", fmt.Sprintf(mcpApp, text)) }

// stop interrupts devserve run and waits for it to exit.
func (rn *mcpRun) stop() {
	if rn.cmd.ProcessState != nil {
		return
	}
	rn.cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- rn.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			rn.t.Errorf("devserve run: %v", err)
		}
	case <-time.After(30 * time.Second):
		rn.cmd.Process.Kill()
		<-done
		rn.t.Errorf("devserve run did not exit 30s after an interrupt")
	}
	if rn.t.Failed() {
		rn.t.Logf("devserve output:\n%s", rn.out.String())
	}
}

// connect connects the SDK's client to the run's MCP endpoint.
func (rn *mcpRun) connect() *mcp.ClientSession {
	rn.t.Helper()
	c := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "v0"}, nil)
	cs, err := c.Connect(rn.t.Context(), &mcp.StreamableClientTransport{Endpoint: rn.url + "__devserve/mcp"}, nil)
	if err != nil {
		rn.t.Fatalf("connecting to %s__devserve/mcp: %v", rn.url, err)
	}
	rn.t.Cleanup(func() { cs.Close() })
	return cs
}

// callMCP calls the tool name and decodes its structured result into out.
func callMCP(t *testing.T, cs *mcp.ClientSession, name string, args map[string]any, out any) {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if res.IsError {
		t.Fatalf("%s: tool error: %s", name, resultText(res))
	}
	b, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s: decoding %s: %v", name, b, err)
	}
}

// resultText returns the text of a tool result.
func resultText(res *mcp.CallToolResult) string {
	var s []string
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			s = append(s, tc.Text)
		}
	}
	return strings.Join(s, "\n")
}

// toolNames lists the tools cs offers, sorted.
func toolNames(t *testing.T, cs *mcp.ClientSession) []string {
	t.Helper()
	res, err := cs.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
	}
	slices.Sort(names)
	return names
}

// TestMCP drives a real devserve run with the SDK's MCP client: wait
// after a good and a broken edit, errors after a handler panic, logs
// paged with its cursor, and the refusal of foreign origins and hosts;
// then devserve mcp over stdio, which finds the run through its state
// file.
func TestMCP(t *testing.T) {
	rn := startMCPRun(t)
	cs := rn.connect()
	var o proxy.Outcome
	callMCP(t, cs, "wait", nil, &o)
	if o.State != proxy.StateRunning {
		t.Fatalf("wait for the first build = %+v, want running", o)
	}
	first := o.LastBuild.Started

	rn.edit(`"version 2"`)
	callMCP(t, cs, "wait", nil, &o)
	if o.State != proxy.StateRunning || !o.LastBuild.Started.After(first) || !slices.Contains(o.LastBuild.Changed, "main.go") {
		t.Errorf("wait after a good edit = %+v (build %+v), want running, with a new build of main.go", o, o.LastBuild)
	}
	if _, body := httpGet(t, rn.url, nil); body != "version 2" {
		t.Errorf("after wait, GET / = %q, want version 2", body)
	}

	rn.edit(`nosuch`)
	callMCP(t, cs, "wait", nil, &o)
	if o.State != proxy.StateBuildFailed || o.Error == nil {
		t.Fatalf("wait after a broken edit = %+v, want build failed with its error", o)
	}
	if f := o.Error.Sections[0].Frames[0]; filepath.Base(f.File) != "main.go" || f.Line != 16 || !strings.Contains(f.Message, "undefined: nosuch") || len(f.Source) == 0 {
		t.Errorf("the build error = %+v, want main.go:16 undefined: nosuch, with its source lines", f)
	}

	rn.edit(`"version 3"`)
	callMCP(t, cs, "wait", nil, &o)
	if o.State != proxy.StateRunning {
		t.Fatalf("wait after the fix = %+v, want running", o)
	}
	if code, _ := httpGet(t, rn.url+"boom", nil); code != 500 {
		t.Errorf("GET /boom = %d, want 500", code)
	}
	var e proxy.Errors
	callMCP(t, cs, "errors", nil, &e)
	if len(e.Panics) == 0 || !hasFrame(e.Panics[0], "main.handle") || e.Build != nil {
		t.Errorf("errors after a handler panic = %+v, want the panic with the frame of main.handle, and no build error", e)
	}

	var l proxy.Logs
	callMCP(t, cs, "logs", map[string]any{"lines": 2}, &l)
	if len(l.Lines) != 2 || l.Cursor != l.Lines[1].N {
		t.Fatalf("logs of 2 lines = %+v, want 2 lines and the cursor of the last", l)
	}
	httpGet(t, rn.url+"after", nil)
	awaitLog(t, cs, l.Cursor, "served /after")

	for _, tt := range []struct {
		name, header, value string
		want                int
	}{
		{"foreign origin", "Origin", "http://evil.example", 403},
		{"foreign host", "Host", "evil.example", 400},
	} {
		if code, _ := httpGet(t, rn.url+"__devserve/mcp", map[string]string{tt.header: tt.value}); code != tt.want {
			t.Errorf("MCP endpoint with a %s: %d, want %d", tt.name, code, tt.want)
		}
	}

	stdio := rn.stdio(rn.dir)
	if got, want := toolNames(t, stdio), toolNames(t, cs); !slices.Equal(got, want) {
		t.Errorf("devserve mcp lists %v, want the tools of the HTTP endpoint, %v", got, want)
	}
	var st proxy.Status
	callMCP(t, stdio, "status", nil, &st)
	if st.State != proxy.StateRunning || st.Cycle != o.Cycle {
		t.Errorf("status through devserve mcp = %+v, want running in cycle %d", st, o.Cycle)
	}
	callMCP(t, stdio, "restart", nil, &o)
	if o.State != proxy.StateRunning || o.Cycle != st.Cycle+1 {
		t.Errorf("restart through devserve mcp = %+v, want running in cycle %d", o, st.Cycle+1)
	}

	rn.stop()
	if _, err := readStateIn(t, rn.env, rn.dir); err == nil {
		t.Errorf("the state file is still there after devserve run exited")
	}
	res, err := stdio.CallTool(t.Context(), &mcp.CallToolParams{Name: "status"})
	if err != nil || !res.IsError || !strings.Contains(resultText(res), "devserve mcp: no devserve run in "+rn.dir+"; start one with: devserve run") {
		t.Errorf("status with no devserve run = %q, %v; want the error that says so", resultText(res), err)
	}
}

// stdio starts devserve mcp in dir and connects the SDK's client to it.
func (rn *mcpRun) stdio(dir string) *mcp.ClientSession {
	rn.t.Helper()
	cmd := exec.Command(rn.bin, "mcp")
	cmd.Dir, cmd.Env, cmd.Stderr = dir, rn.env, os.Stderr
	c := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "v0"}, nil)
	cs, err := c.Connect(rn.t.Context(), &mcp.CommandTransport{Command: cmd}, nil)
	if err != nil {
		rn.t.Fatalf("devserve mcp: %v", err)
	}
	rn.t.Cleanup(func() { cs.Close() })
	return cs
}

// readStateIn reads the state file of the module at root with env's
// cache directory.
func readStateIn(t *testing.T, env []string, root string) (runState, error) {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "XDG_CACHE_HOME="); ok {
			t.Setenv("XDG_CACHE_HOME", v)
		}
	}
	return readState(root)
}

// awaitLog pages through the logs from cursor until a line holds text.
func awaitLog(t *testing.T, cs *mcp.ClientSession, cursor int64, text string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var l proxy.Logs
		callMCP(t, cs, "logs", map[string]any{"cursor": cursor}, &l)
		for _, line := range l.Lines {
			if line.N <= cursor {
				t.Fatalf("logs after cursor %d returned line %d", cursor, line.N)
			}
			if strings.Contains(line.Text, text) {
				return
			}
		}
		cursor = l.Cursor
		time.Sleep(50 * time.Millisecond) // the app's output gives no signal
	}
	t.Errorf("no line of the logs after the cursor holds %q", text)
}

// hasFrame reports whether the failing goroutine of rep has a frame of
// function fn.
func hasFrame(rep *debugpage.Report, fn string) bool {
	for _, s := range rep.Sections {
		if s.Failing && slices.ContainsFunc(s.Frames, func(f debugpage.Frame) bool { return f.Function == fn }) {
			return true
		}
	}
	return false
}

// httpGet gets url with the header (Host included), and returns the
// status and body.
func httpGet(t *testing.T, url string, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	code, body, err := doRequest(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return code, body
}

// doRequest sends req and reads the answer.
func doRequest(req *http.Request) (int, string, error) {
	ctx, cancel := context.WithTimeout(req.Context(), 30*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// TestMCPWaitLatency measures, over 20 edits of a real devserve run, how
// long the wait tool's answer takes to reach the client after the Ready
// event (the time the answer gives as the running state's start): wait
// must wake on the event, not poll.
func TestMCPWaitLatency(t *testing.T) {
	rn := startMCPRun(t)
	cs := rn.connect()
	var o proxy.Outcome
	callMCP(t, cs, "wait", nil, &o)
	var lags []time.Duration
	for i := range 20 {
		rn.edit(fmt.Sprintf(`"version %d"`, i))
		callMCP(t, cs, "wait", nil, &o)
		lag := time.Since(o.Since)
		if o.State != proxy.StateRunning || !slices.Contains(o.LastBuild.Changed, "main.go") {
			t.Fatalf("wait after edit %d = %+v, want running after a build of main.go", i, o)
		}
		lags = append(lags, lag)
	}
	slices.Sort(lags)
	t.Logf("wait answered %v after Ready (median of 20 edits; min %v, max %v)", lags[10], lags[0], lags[19])
	if lags[10] > 20*time.Millisecond {
		t.Errorf("wait answered a median %v after Ready, want under 20ms", lags[10])
	}
}
