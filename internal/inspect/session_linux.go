//go:build linux && (amd64 || arm64)

package inspect

import (
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/go-delve/delve/pkg/proc"
	"github.com/go-delve/delve/pkg/proc/native"

	"github.com/devserve/devserve/debugpage"
)

// stopPoll and stopWait pace and bound the wait for a stopped process
// to show as stopped.
const (
	stopPoll = time.Millisecond
	stopWait = 500 * time.Millisecond
)

// supported returns nil: sessions work here.
func supported() error { return nil }

// session is one attachment to a process. It is not safe for concurrent
// use: neither is the debugger's target.
type session struct {
	pid int
	grp *proc.TargetGroup
	t   *proc.Target
}

// attach stops pid, attaches to it and removes the breakpoints the
// debugger sets on its own. Stopping the process first spares the
// debugger's wait for its attach to take effect, which polls every
// 200ms.
func attach(pid int) (*session, error) {
	if err := checkDebugInfo(pid); err != nil {
		return nil, err
	}
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		return nil, fmt.Errorf("inspect: stopping the app: %w", err)
	}
	if err := awaitStopped(pid); err != nil {
		syscall.Kill(pid, syscall.SIGCONT)
		return nil, err
	}
	grp, err := native.Attach(pid, nil, nil)
	if err != nil {
		syscall.Kill(pid, syscall.SIGCONT)
		return nil, attachError(err)
	}
	s := &session{pid: pid, grp: grp, t: grp.Selected}
	if err := s.clearBreakpoints(); err != nil {
		s.detach()
		return nil, err
	}
	return s, nil
}

// clearBreakpoints removes the breakpoints the debugger wrote into the
// process when it attached (at runtime.fatalpanic, runtime.throw, ...):
// were this process killed before it detaches, they would turn the app's
// next fatal error into a breakpoint trap.
func (s *session) clearBreakpoints() error {
	for _, t := range s.grp.Targets() {
		for addr := range t.Breakpoints().M {
			if err := t.ClearBreakpoint(addr); err != nil {
				return fmt.Errorf("inspect: removing the debugger's breakpoint: %w", err)
			}
		}
	}
	return nil
}

// resume lets the process run again once the debugger lets go of its
// threads: it ends the stop attach began, which would otherwise stop
// every thread again as the debugger detaches it.
func (s *session) resume() error {
	if err := syscall.Kill(s.pid, syscall.SIGCONT); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("inspect: continuing the app: %w", err)
	}
	return nil
}

// detach detaches from the process and makes sure it runs again.
func (s *session) detach() error {
	err := s.grp.Detach(false)
	if cerr := s.resume(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("inspect: detaching: %w", err)
	}
	return nil
}

// warm reads the debug information of the executable at path and drops
// it.
func warm(path string) {
	_ = proc.NewBinaryInfo(runtime.GOOS, runtime.GOARCH, true).LoadBinaryInfo(path, 0, nil)
}

// checkDebugInfo fails unless the executable of pid carries DWARF
// debug information, without which no frame can be read.
func checkDebugInfo(pid int) error {
	f, err := elf.Open(fmt.Sprintf("/proc/%d/exe", pid))
	if errors.Is(err, os.ErrPermission) {
		return attachError(err) // the same check as tracing: the app is not dumpable, or another user's
	}
	if err != nil {
		return fmt.Errorf("inspect: reading the app's binary: %w", err)
	}
	defer f.Close()
	if f.Section(".debug_info") == nil && f.Section(".zdebug_info") == nil {
		return fmt.Errorf("inspect: the app's binary has no debug information (built with -ldflags=-s or -w, or by go run): %w", ErrNoDebugInfo)
	}
	return nil
}

// awaitStopped waits until the process shows as stopped.
func awaitStopped(pid int) error {
	for start := time.Now(); time.Since(start) < stopWait; time.Sleep(stopPoll) {
		state, err := procState(pid)
		if err != nil {
			return fmt.Errorf("inspect: %w", err)
		}
		if state == 'T' || state == 't' {
			return nil
		}
	}
	return fmt.Errorf("inspect: the app did not stop within %v", stopWait)
}

// procState returns the state letter of process pid: R, S, T, Z, ...
func procState(pid int) (byte, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// pid (comm) state ...: comm may hold spaces and parentheses.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 || i+2 >= len(b) {
		return 0, fmt.Errorf("unreadable /proc/%d/stat", pid)
	}
	return b[i+2], nil
}

// attachError says why attaching failed and what would make it work.
func attachError(err error) error {
	if errors.Is(err, syscall.EPERM) || errors.Is(err, os.ErrPermission) || strings.Contains(err.Error(), "operation not permitted") {
		return fmt.Errorf("inspect: the system refuses to let devserve trace the app (%v): allow ptrace, e.g. kernel.yama.ptrace_scope=1 or less, or --cap-add=SYS_PTRACE in a container: %w", err, ErrRefused)
	}
	return fmt.Errorf("inspect: attaching to the app: %w", err)
}

// frames reads the frames of goroutine gid below its panic, at most max
// of them, until deadline.
func (s *session) frames(gid int64, max int, lim Limits, deadline time.Time) ([]debugpage.FrameVars, error) {
	g, stack, err := s.stack(gid)
	if err != nil {
		return nil, err
	}
	first := belowPanic(stack)
	if first < 0 {
		return nil, fmt.Errorf("%w: goroutine %d is not in a panic", ErrNotFound, gid)
	}
	var out []debugpage.FrameVars
	for i := first; i < len(stack) && len(out) < max; i++ {
		fv := frameHeader(&stack[i], i-first)
		if isRuntime(fv.Function) {
			continue // the runtime's machinery: sigpanic, panicmem, goexit, ...
		}
		if time.Now().After(deadline) {
			fv.Error = "not read: the session ran out of time"
		} else {
			s.readFrame(&fv, g, stack[i:], lim)
		}
		out = append(out, fv)
	}
	return out, nil
}

// stack finds goroutine gid and its stack.
func (s *session) stack(gid int64) (*proc.G, []proc.Stackframe, error) {
	g, err := proc.FindGoroutine(s.t, gid)
	if err != nil {
		return nil, nil, fmt.Errorf("inspect: finding goroutine %d: %w", gid, err)
	}
	if g == nil {
		return nil, nil, fmt.Errorf("%w: goroutine %d", ErrNotFound, gid)
	}
	stack, err := proc.GoroutineStacktrace(s.t, g, 256, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("inspect: reading goroutine %d's stack: %w", gid, err)
	}
	return g, stack, nil
}

// belowPanic returns the index of the first frame below runtime.gopanic,
// or -1 if the stack holds no panic.
func belowPanic(stack []proc.Stackframe) int {
	for i := range stack {
		if fn := stack[i].Call.Fn; fn != nil && fn.Name == "runtime.gopanic" {
			return i + 1
		}
	}
	return -1
}

// isRuntime reports whether fn is one of the runtime's functions.
func isRuntime(fn string) bool {
	return strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "internal/runtime/")
}

// frameHeader returns the location of frame f at depth.
func frameHeader(f *proc.Stackframe, depth int) debugpage.FrameVars {
	fv := debugpage.FrameVars{File: f.Call.File, Line: f.Call.Line, Depth: depth}
	if f.Call.Fn != nil {
		fv.Function, fv.Optimized = f.Call.Fn.Name, f.Call.Fn.Optimized()
	}
	return fv
}

// readFrame reads the arguments and locals of frames[0].
func (s *session) readFrame(fv *debugpage.FrameVars, g *proc.G, frames []proc.Stackframe, lim Limits) {
	if err := frames[0].Err; err != nil {
		fv.Error = err.Error()
		return
	}
	scope := proc.FrameToScope(s.t, s.t.Memory(), g, threadOf(g), frames...)
	cfg := loadConfig(lim)
	args, err := scope.FunctionArguments(cfg)
	if err != nil {
		fv.Error = err.Error()
		return
	}
	locals, err := scope.LocalVariables(cfg)
	if err != nil {
		fv.Error = err.Error()
		return
	}
	fv.Args, fv.Locals = vars(args), vars(locals)
}

// eval evaluates expr in the frame at depth of goroutine gid.
func (s *session) eval(gid int64, depth int, expr string, lim Limits) (debugpage.Var, error) {
	g, stack, err := s.stack(gid)
	if err != nil {
		return debugpage.Var{}, err
	}
	first := belowPanic(stack)
	if first < 0 || depth < 0 || first+depth >= len(stack) {
		return debugpage.Var{}, fmt.Errorf("%w: goroutine %d has no frame %d below a panic", ErrNotFound, gid, depth)
	}
	scope := proc.FrameToScope(s.t, s.t.Memory(), g, threadOf(g), stack[first+depth:]...)
	v, err := scope.EvalExpression(expr, loadConfig(lim))
	if err != nil {
		return debugpage.Var{}, evalError(err)
	}
	out := convert(v, expr)
	out.Name = expr
	return out, nil
}

// threadOf returns the thread g runs on, or 0 for a parked goroutine.
func threadOf(g *proc.G) int {
	if g.Thread != nil {
		return g.Thread.ThreadID()
	}
	return 0
}

// loadConfig turns lim into the debugger's loading limits.
func loadConfig(lim Limits) proc.LoadConfig {
	return proc.LoadConfig{
		FollowPointers:     true,
		MaxVariableRecurse: lim.Depth,
		MaxStringLen:       lim.String,
		MaxArrayValues:     lim.Elems,
		MaxStructFields:    -1,
	}
}
