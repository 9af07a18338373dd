package proxy

import (
	"cmp"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/reloader"
)

// InspectPrefix is the path under which the console of the pages that
// show a parked goroutine's frames posts: eval and release.
const InspectPrefix = ownPrefix + "inspect/"

// Inspector reads the frames of a goroutine parked in the app and
// evaluates Go expressions in them. Devserve's own inspector, which
// attaches to the app with the Go debugger, is one.
type Inspector interface {
	Frames(ctx context.Context, pid int, gid int64, lim debugpage.Limits) ([]debugpage.FrameVars, error)
	Eval(ctx context.Context, pid int, gid int64, depth int, expr string, lim debugpage.Limits) (debugpage.Var, error)
}

// Inspection is the supervisor's side of frame inspection: the private
// channel on which the app's debugger asks it to inspect a panicking
// goroutine (parked until the channel's answer ends), and the console of
// the pages that show that goroutine's frames, under InspectPrefix. Its
// zero value, given an Inspector and a Secret, is ready to use; each
// field documents its default. Feed it the engine's events with Handle.
// An Inspection is safe for concurrent use and must not be copied or
// have its fields changed after first use.
//
// A goroutine parked for a page stays parked until the page goes away
// (its release request), Idle passes without a console request, the app
// is stopped or crashes, or Slots newer panics are parked.
type Inspection struct {
	// Inspector reads the frames. It must be set.
	Inspector Inspector

	// Secret is the per-run secret handed to the app in
	// debugpage.SecretEnv: every request on the channel carries the
	// HMAC of its body keyed with it. It must be set.
	Secret string

	// Idle is how long a parked goroutine stays parked without a
	// console request. If zero, 5 minutes is used.
	Idle time.Duration

	// Slots bounds the goroutines parked at once; a newer panic
	// releases the oldest. If zero, 3 is used.
	Slots int

	// PIN, if non-nil, guards the console: see PIN.
	PIN *PIN

	// Log receives, once for each, the reasons frames could not be
	// inspected. If nil, the standard logger is used.
	Log *log.Logger

	mu       sync.Mutex // guards the fields below
	pid      int        // the app's process, 0 when none runs
	parks    []*park    // parked goroutines, oldest first
	released map[string]string
	gone     []string        // tokens of released, oldest first, bounding released
	noted    map[string]bool // the reasons logged
}

// park is one goroutine parked for a page.
type park struct {
	token   string
	pid     int
	gid     int64
	release chan struct{} // closed once released
	reason  string        // why it was released; set before release is closed
	touched chan struct{} // receives on each console request, restarting the idle timer
}

// maxReleased bounds the released tokens remembered, to say so to a
// console request for one.
const maxReleased = 64

// Env returns the variable that offers the channel at ln to the app.
func (x *Inspection) Env(ln net.Listener) string {
	a := ln.Addr()
	return debugpage.InspectEnv + "=" + a.Network() + ":" + a.String()
}

// ListenChannel opens the channel as a Unix socket in a new directory
// that only this user can enter, removed when the listener is closed.
func ListenChannel() (net.Listener, error) {
	dir, err := os.MkdirTemp("", "devserve-inspect-")
	if err != nil {
		return nil, fmt.Errorf("proxy: %w", err)
	}
	ln, err := net.Listen("unix", filepath.Join(dir, "s"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("proxy: %w", err)
	}
	return removeOnClose{ln, dir}, nil
}

// removeOnClose is a listener whose directory goes with it.
type removeOnClose struct {
	net.Listener
	dir string
}

func (l removeOnClose) Close() error {
	err := l.Listener.Close()
	os.RemoveAll(l.dir)
	return err
}

// ServeChannel serves the channel on ln until ctx is done, then releases
// every parked goroutine and returns once the channel's requests have
// ended.
func (x *Inspection) ServeChannel(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           http.HandlerFunc(x.serveChannel),
		ReadHeaderTimeout: 5 * time.Second,
		ConnContext:       withConn,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	<-ctx.Done()
	x.releaseAll("devserve stopped")
	srv.Close()
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Handle follows the app: parked goroutines are released when it stops
// or crashes, and only the app that runs may ask for inspection.
func (x *Inspection) Handle(ev reloader.Event) {
	switch ev.Kind {
	case reloader.Started:
		x.mu.Lock()
		x.pid = ev.PID
		x.mu.Unlock()
	case reloader.Stopping, reloader.Crashed, reloader.Stopped:
		x.mu.Lock()
		x.pid = 0
		x.mu.Unlock()
		x.releaseAll("the app was reloaded")
	}
}

// serveChannel answers the app's request to inspect a goroutine: the
// first line of the answer holds the frames, and for a page with a
// console the answer goes on, the goroutine parked, until it is
// released.
func (x *Inspection) serveChannel(w http.ResponseWriter, r *http.Request) {
	req, err := x.parkRequest(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	ans := x.inspect(r.Context(), req)
	var pk *park
	if req.Console && len(ans.Frames) > 0 {
		pk = x.newPark(req)
		ans.Token, ans.Console = pk.token, InspectPrefix
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	if err := json.NewEncoder(w).Encode(ans); err != nil || pk == nil {
		return
	}
	_ = http.NewResponseController(w).Flush()
	x.hold(r.Context(), pk)
}

// parkRequest reads and checks a request of the channel: signed with the
// secret, from the app that runs.
func (x *Inspection) parkRequest(r *http.Request) (*debugpage.ParkRequest, error) {
	if r.Method != http.MethodPost || r.URL.Path != debugpage.ParkPath {
		return nil, errors.New("proxy: not a request of the inspection channel")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<10))
	if err != nil {
		return nil, err
	}
	if !hmacEqual(r.Header.Get(debugpage.InspectAuthHeader), debugpage.Sign(x.Secret, body)) || x.Secret == "" {
		return nil, errors.New("proxy: the request is not signed with this run's secret")
	}
	var req debugpage.ParkRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, fmt.Errorf("proxy: %w", err)
	}
	if err := x.checkPeer(r.Context(), req.PID); err != nil {
		return nil, err
	}
	return &req, nil
}

// checkPeer checks that pid is the app's process (or one of its process
// group) and, where the system tells, the process that connected.
func (x *Inspection) checkPeer(ctx context.Context, pid int) error {
	x.mu.Lock()
	app := x.pid
	x.mu.Unlock()
	if peer, ok := peerPID(ctx); ok && peer != pid {
		return fmt.Errorf("proxy: process %d asked on behalf of process %d", peer, pid)
	}
	if app == 0 || pid != app && !inGroup(pid, app) {
		return fmt.Errorf("proxy: process %d is not the app devserve runs", pid)
	}
	return nil
}

// inspect reads the frames of the goroutine req names, or says why not.
func (x *Inspection) inspect(ctx context.Context, req *debugpage.ParkRequest) debugpage.ParkAnswer {
	frames, err := x.Inspector.Frames(ctx, req.PID, req.Goroutine, debugpage.Limits{})
	if err != nil {
		x.note(err.Error())
		return debugpage.ParkAnswer{Note: err.Error()}
	}
	secrets := x.secrets()
	for i := range frames {
		scrub(frames[i].Args, secrets)
		scrub(frames[i].Locals, secrets)
	}
	return debugpage.ParkAnswer{Frames: frames}
}

// note logs why frames could not be inspected, the first time.
func (x *Inspection) note(why string) {
	x.mu.Lock()
	seen := x.noted[why]
	if x.noted == nil {
		x.noted = make(map[string]bool)
	}
	x.noted[why] = true
	x.mu.Unlock()
	if !seen {
		cmp.Or(x.Log, log.Default()).Printf("devserve: frames not inspected: %s", why)
	}
}

// newPark records a goroutine parked for a page, releasing the oldest
// if every slot is taken.
func (x *Inspection) newPark(req *debugpage.ParkRequest) *park {
	pk := &park{token: debugpage.NewSecret(), pid: req.PID, gid: req.Goroutine,
		release: make(chan struct{}), touched: make(chan struct{}, 1)}
	x.mu.Lock()
	defer x.mu.Unlock()
	for len(x.parks) >= cmp.Or(x.Slots, 3) {
		x.releaseLocked(x.parks[0], "a newer panic took its place")
	}
	x.parks = append(x.parks, pk)
	return pk
}

// hold keeps pk parked until it is released, Idle passes without a
// console request, or the app's request ends.
func (x *Inspection) hold(ctx context.Context, pk *park) {
	idle := time.NewTimer(cmp.Or(x.Idle, 5*time.Minute))
	defer idle.Stop()
	for {
		select {
		case <-pk.release:
			return
		case <-pk.touched:
			idle.Reset(cmp.Or(x.Idle, 5*time.Minute))
		case <-idle.C:
			x.releasePark(pk, "the page's console was idle for "+cmp.Or(x.Idle, 5*time.Minute).String())
			return
		case <-ctx.Done():
			x.releasePark(pk, "the app let the goroutine go on")
			return
		}
	}
}

// find returns the park of token, or why there is none.
func (x *Inspection) find(token string) (*park, string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, pk := range x.parks {
		if hmacEqual(pk.token, token) {
			return pk, ""
		}
	}
	if why, ok := x.released[token]; ok {
		return nil, why
	}
	return nil, ""
}

// releasePark releases pk, saying why.
func (x *Inspection) releasePark(pk *park, why string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.releaseLocked(pk, why)
}

// releaseAll releases every parked goroutine.
func (x *Inspection) releaseAll(why string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for len(x.parks) > 0 {
		x.releaseLocked(x.parks[0], why)
	}
}

// releaseLocked releases pk, if it is parked, and remembers why. x.mu
// must be held.
func (x *Inspection) releaseLocked(pk *park, why string) {
	i := 0
	for i < len(x.parks) && x.parks[i] != pk {
		i++
	}
	if i == len(x.parks) {
		return
	}
	x.parks = append(x.parks[:i], x.parks[i+1:]...)
	pk.reason = why
	close(pk.release)
	if x.released == nil {
		x.released = make(map[string]string)
	}
	x.released[pk.token] = why
	x.gone = append(x.gone, pk.token)
	if len(x.gone) > maxReleased {
		delete(x.released, x.gone[0])
		x.gone = x.gone[1:]
	}
}

// hmacEqual compares two secrets in constant time.
func hmacEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
