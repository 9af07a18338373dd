package reloader

import (
	"context"
	"slices"
)

// Restart asks the running engine to rebuild and restart the app now, as
// if the files it is built from had changed: a build under way is
// canceled and started again. It does not wait: the events that follow
// (Building, then BuildFailed or Built and Ready) report the outcome. A
// request made while another is pending is the same request; one made
// before Run is handled when Run starts.
func (e *Engine) Restart() {
	select {
	case e.restarts() <- struct{}{}:
	default:
	}
}

// RestartWith adds flags to the build flags, for this build and every one
// after it, and restarts as Restart does: a page's fix for concurrent map
// writes rebuilds with -race. Flags already added are not added twice.
func (e *Engine) RestartWith(flags ...string) {
	e.addedMu.Lock()
	for _, f := range flags {
		if !slices.Contains(e.added, f) {
			e.added = append(e.added, f)
		}
	}
	e.addedMu.Unlock()
	e.Restart()
}

// buildFlags returns BuildFlags and the flags RestartWith added.
func (e *Engine) buildFlags() []string {
	e.addedMu.Lock()
	defer e.addedMu.Unlock()
	return append(slices.Clip(e.BuildFlags), e.added...)
}

// restarts returns the channel of Restart's requests.
func (e *Engine) restarts() chan struct{} {
	e.restartOnce.Do(func() { e.restartCh = make(chan struct{}, 1) })
	return e.restartCh
}

// onRestart rebuilds at once, as Restart asks.
func (r *runner) onRestart(ctx context.Context) {
	r.cancelBuild()
	r.do(ctx, r.ch.forced())
}
