package debugpage

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

// InspectEnv names the variable in which a supervisor such as devserve
// run offers to inspect the program's panicking goroutines: the address
// of its inspection channel, "unix:/path/to/socket" or
// "tcp:127.0.0.1:port". The channel is private to the supervisor and the
// program, and each request on it is authenticated with the per-run
// secret of SecretEnv.
const InspectEnv = "DEVSERVE_INSPECT"

// InspectTracerEnv names, beside InspectEnv, the process that will
// trace this one to inspect it, when that is not the supervisor itself:
// the program lets it.
const InspectTracerEnv = "DEVSERVE_INSPECT_TRACER"

// InspectAuthHeader carries, on each request of the inspection channel,
// the hex HMAC-SHA256 of the request's body keyed with the per-run
// secret: the secret itself never travels.
const InspectAuthHeader = "X-Devserve-Auth"

// ParkPath is the path of the inspection channel's one request: the
// program asks the supervisor to inspect a goroutine parked until the
// answer's body ends.
const ParkPath = "/park"

const (
	// answerWait bounds the wait for the supervisor's answer, in case
	// it is stuck: it bounds its sessions itself (at 1.5s by default),
	// and answers when they run out of time.
	answerWait = 30 * time.Second
	// maxHold bounds how long a goroutine stays parked for a page, if
	// the supervisor never releases it.
	maxHold = time.Hour
	// maxAnswer bounds the answer's first line.
	maxAnswer = 32 << 20
)

// ParkRequest asks the supervisor to inspect a goroutine of the program,
// parked inside the deferred recover of its panic.
type ParkRequest struct {
	PID       int   `json:"pid"`
	Goroutine int64 `json:"goroutine"`
	// Console says a page may use the goroutine: it stays parked until
	// the supervisor ends the answer (the page went away, an idle
	// timeout, the next reload, a newer panic). Otherwise the program
	// ends the answer as soon as it has read its first line.
	Console bool  `json:"console,omitempty"`
	Time    int64 `json:"time"` // Unix nanoseconds
}

// ParkAnswer is the first line of the supervisor's answer.
type ParkAnswer struct {
	Frames []FrameVars `json:"frames,omitempty"`
	// Note says why there are no frames, or what may be wrong with them,
	// in one line, with what would make it work.
	Note string `json:"note,omitempty"`
	// Token is the page's console token, when the goroutine stays
	// parked for a page.
	Token string `json:"token,omitempty"`
	// Console is the URL path the page's console posts to.
	Console string `json:"console,omitempty"`
}

// Sign returns the value of InspectAuthHeader for body.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// supervisor is the program's end of the inspection channel.
type supervisor struct {
	network, addr string
	secret        string
	client        *http.Client
}

// supervisorFromEnv returns the channel InspectEnv offers, or nil if it
// offers none.
func supervisorFromEnv(secret string) (*supervisor, error) {
	v := os.Getenv(InspectEnv)
	if v == "" || v == "off" {
		return nil, nil
	}
	network, addr, ok := strings.Cut(v, ":")
	if !ok || network != "unix" && network != "tcp" || secret == "" {
		return nil, fmt.Errorf("debugpage: %s=%q: want unix:PATH or tcp:HOST:PORT, with %s set", InspectEnv, v, SecretEnv)
	}
	if pid, err := strconv.Atoi(os.Getenv(InspectTracerEnv)); err == nil && pid > 0 {
		allowTracer(pid)
	}
	s := &supervisor{network: network, addr: addr, secret: secret}
	s.client = &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return new(net.Dialer).DialContext(ctx, s.network, s.addr)
		},
		DisableKeepAlives: true,
	}}
	return s, nil
}

// parking is one goroutine parked at the supervisor: the answer, and the
// body whose end releases it.
type parking struct {
	answer ParkAnswer
	body   io.ReadCloser
	cancel context.CancelFunc
	once   sync.Once
}

// park asks the supervisor to inspect goroutine gid, parked where it is
// until the answer comes, and returns the answer; with console set, the
// goroutine is to stay parked for the page, and hold parks it.
func (s *supervisor) park(gid int64, console bool) (*parking, error) {
	body, err := json.Marshal(ParkRequest{PID: os.Getpid(), Goroutine: gid, Console: console, Time: time.Now().UnixNano()})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://supervisor"+ParkPath, bytes.NewReader(body))
	if err != nil {
		cancel()
		return nil, err
	}
	req.Header.Set(InspectAuthHeader, Sign(s.secret, body))
	req.Header.Set("Content-Type", "application/json")
	late := time.AfterFunc(answerWait, cancel)
	p, err := s.send(req)
	if !late.Stop() && err != nil {
		err = fmt.Errorf("the supervisor did not answer within %v", answerWait)
	}
	if err != nil {
		cancel()
		return nil, fmt.Errorf("debugpage: inspecting the panic's frames: %w", err)
	}
	p.cancel = cancel
	return p, nil
}

// send sends req and reads the answer's first line.
func (s *supervisor) send(req *http.Request) (*parking, error) {
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
		resp.Body.Close()
		return nil, fmt.Errorf("the supervisor answered %s: %s", resp.Status, strings.TrimSpace(string(msg)))
	}
	br := bufio.NewReader(io.LimitReader(resp.Body, maxAnswer))
	line, err := br.ReadBytes('\n')
	p := &parking{body: resp.Body}
	if err == nil {
		err = json.Unmarshal(line, &p.answer)
	}
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	return p, nil
}

// hold keeps the goroutine parked until the supervisor ends the answer,
// the connection breaks, release is called, or maxHold passes.
func (p *parking) hold() {
	if p == nil {
		return
	}
	t := time.AfterFunc(maxHold, p.release)
	defer t.Stop()
	io.Copy(io.Discard, p.body)
	p.release()
}

// release ends the answer, which lets the supervisor know that the
// goroutine is going on. It is safe to call more than once, and on nil.
func (p *parking) release() {
	if p == nil {
		return
	}
	p.once.Do(func() {
		p.cancel()
		p.body.Close()
	})
}

// goroutineID returns the calling goroutine's id, from the first line
// of its stack: "goroutine 7 [running]:".
func goroutineID() int64 {
	var buf [64]byte
	line := buf[:runtime.Stack(buf[:], false)]
	f := bytes.Fields(line)
	if len(f) < 2 {
		return 0
	}
	id, _ := strconv.ParseInt(string(f[1]), 10, 64)
	return id
}

// gcPause keeps the garbage collector from running while a panic is
// captured and its frames inspected: a local past its last use is dead
// to the collector even without optimizations, and what it points to
// would be freed and reused before the inspector reads it.
type gcPause struct {
	mu   sync.Mutex // guards the fields below
	n    int        // pauses under way
	prev int        // the GC percent to restore
}

// pause stops collections until the function it returns is called (once
// or more) for this pause and every other one under way.
func (g *gcPause) pause() func() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		g.prev = debug.SetGCPercent(-1)
	}
	g.n++
	var once sync.Once
	return func() { once.Do(g.resume) }
}

func (g *gcPause) resume() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n--; g.n == 0 {
		debug.SetGCPercent(g.prev)
	}
}
