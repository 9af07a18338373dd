package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"

	"github.com/devserve/devserve/debugpage"
	"github.com/devserve/devserve/internal/inspect"
	"github.com/devserve/devserve/proxy"
)

// inspectorCommand is devserve inspector: it runs inspection sessions
// for a supervisor that does not link the debugger (package serving's
// reloader), one proxy.HelperRequest a line on standard input, one
// proxy.HelperAnswer a line on standard output, until its input ends.
func inspectorCommand(ctx context.Context, in io.Reader, std stdio) error {
	var insp inspect.Inspector
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	enc := json.NewEncoder(std.out)
	for sc.Scan() {
		var req proxy.HelperRequest
		ans := proxy.HelperAnswer{}
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			ans.Error = "inspector: " + err.Error()
		} else {
			ans = serveHelper(ctx, &insp, req)
		}
		if err := enc.Encode(ans); err != nil {
			return err
		}
	}
	return sc.Err()
}

// serveHelper runs one session.
func serveHelper(ctx context.Context, insp *inspect.Inspector, req proxy.HelperRequest) proxy.HelperAnswer {
	var ans proxy.HelperAnswer
	var err error
	switch req.Op {
	case "frames":
		ans.Frames, err = insp.Frames(ctx, req.PID, req.Goroutine, req.Limits)
	case "eval":
		var v debugpage.Var
		v, err = insp.Eval(ctx, req.PID, req.Goroutine, req.Frame, req.Expr, req.Limits)
		ans.Value = &v
	default:
		ans.Error = "inspector: unknown op " + req.Op
	}
	if err != nil {
		ans.Error = err.Error()
	}
	return ans
}
