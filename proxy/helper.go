package proxy

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sync"

	"github.com/devserve/devserve/debugpage"
)

// HelperRequest is a request to an inspector helper, a line of JSON on
// its standard input.
type HelperRequest struct {
	Op        string           `json:"op"` // "frames" or "eval"
	PID       int              `json:"pid"`
	Goroutine int64            `json:"goroutine"`
	Frame     int              `json:"frame,omitempty"`
	Expr      string           `json:"expr,omitempty"`
	Limits    debugpage.Limits `json:"limits,omitzero"`
}

// HelperAnswer is a helper's answer, a line of JSON on its standard
// output.
type HelperAnswer struct {
	Frames []debugpage.FrameVars `json:"frames,omitempty"`
	Value  *debugpage.Var        `json:"value,omitempty"`
	Error  string                `json:"error,omitempty"`
}

// Helper is an Inspector that runs its sessions in a helper process
// ("devserve inspector"), for a supervisor that does not link the
// debugger itself, such as package serving's reloader. The helper is
// started on first use and again after it dies; should it die during a
// session, the app is sent SIGCONT, so that it is not left stopped. Its
// zero value is not usable: set Path. A Helper is safe for concurrent
// use.
type Helper struct {
	// Path is the helper's executable, run with Args.
	Path string
	Args []string

	mu   sync.Mutex // guards the fields below, and serializes requests
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	dead chan struct{} // closed when cmd has exited and been reaped
}

// Start starts the helper, if it is not running, and returns its
// process ID, which the app names as the one allowed to trace it.
func (h *Helper) Start() (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.start(); err != nil {
		return 0, err
	}
	return h.cmd.Process.Pid, nil
}

// Frames reads the frames of goroutine gid of process pid in the helper.
func (h *Helper) Frames(ctx context.Context, pid int, gid int64, lim debugpage.Limits) ([]debugpage.FrameVars, error) {
	ans, err := h.call(ctx, HelperRequest{Op: "frames", PID: pid, Goroutine: gid, Limits: lim})
	return ans.Frames, err
}

// Eval evaluates expr in a frame of goroutine gid of process pid in the
// helper.
func (h *Helper) Eval(ctx context.Context, pid int, gid int64, depth int, expr string, lim debugpage.Limits) (debugpage.Var, error) {
	ans, err := h.call(ctx, HelperRequest{Op: "eval", PID: pid, Goroutine: gid, Frame: depth, Expr: expr, Limits: lim})
	if err != nil || ans.Value == nil {
		return debugpage.Var{}, err
	}
	return *ans.Value, nil
}

// Close stops the helper and waits for it.
func (h *Helper) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stop()
	return nil
}

// call sends one request and reads its answer. If ctx ends first, or the
// helper dies, the helper is stopped and the app let run.
func (h *Helper) call(ctx context.Context, req HelperRequest) (HelperAnswer, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.start(); err != nil {
		return HelperAnswer{}, err
	}
	line, err := json.Marshal(req)
	if err != nil {
		return HelperAnswer{}, err
	}
	done := make(chan error, 1)
	var ans HelperAnswer
	go func() { // ends with the answer, or when stop closes the pipes
		if _, err := h.in.Write(append(line, '\n')); err != nil {
			done <- err
			return
		}
		b, err := h.out.ReadBytes('\n')
		if err == nil {
			err = json.Unmarshal(b, &ans)
		}
		done <- err
	}()
	select {
	case err = <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		h.stop()
		<-done
		resume(req.PID) // a helper killed mid-session leaves the app stopped
		return HelperAnswer{}, fmt.Errorf("proxy: the inspector helper: %w", err)
	}
	if ans.Error != "" {
		return ans, errors.New(ans.Error)
	}
	return ans, nil
}

// start starts the helper unless it runs. h.mu must be held.
func (h *Helper) start() error {
	if h.cmd != nil {
		select {
		case <-h.dead:
			h.stop()
		default:
			return nil
		}
	}
	cmd := exec.Command(h.Path, h.Args...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("proxy: starting the inspector helper: %w", err)
	}
	h.cmd, h.in, h.out, h.dead = cmd, in, bufio.NewReader(out), make(chan struct{})
	go func() { // reaps the helper
		cmd.Wait()
		close(h.dead)
	}()
	return nil
}

// stop kills the helper, if it runs, and waits for it. h.mu must be held.
func (h *Helper) stop() {
	if h.cmd == nil {
		return
	}
	h.in.Close()
	h.cmd.Process.Kill()
	<-h.dead
	h.cmd = nil
}
