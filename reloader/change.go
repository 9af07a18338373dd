package reloader

// change follows one change of the watched files, from its first event to
// its outcome applied: the names seen, the build made of them, that
// build's result, and whether the changes have paused for the debounce.
// Its methods do no I/O and read no clock: each says what the runner is
// to do next, and the runner does it. The zero value is a change with
// nothing seen yet.
//
// The protocol: every event restarts both waits (settle, the short one,
// and the debounce); a change that asks for a rebuild also cancels the
// build of older names. Once changes settle, the build starts, so that it
// runs while the debounce is still waiting; its result is applied once
// the debounce is over too, and at once if it already is. A burst of
// changes (a checkout of 500 files) settles once, into one build.
type change struct {
	names    map[string]bool // the files changed since the last outcome was applied
	act      action          // the strongest action any of them asks for
	building bool            // a build of names runs
	result   *buildResult    // the build of names, finished, waiting for the debounce
	quiet    bool            // no change for the debounce since the last one
}

// step is what the runner is to do after a transition of a change.
type step int

const (
	stepNone    step = iota
	stepCancel       // cancel the build under way, or drop the result waiting: its sources are out of date
	stepBuild        // start building the names
	stepApply        // apply the result: replace the app, or show the build failure
	stepRestart      // restart the app without building: only files the app reads at start changed
	stepReload       // reload the open pages: only files the app reads as it runs changed
)

var stepNames = [...]string{"none", "cancel", "build", "apply", "restart", "reload"}

func (s step) String() string { return stepNames[s] }

// start is the first build, of no change, acted on when it ends.
func (c *change) start() step {
	c.act, c.quiet, c.building = rebuild, true, true
	return stepBuild
}

// forced is a rebuild asked for without a change of files: the build
// of the names seen so far starts at once, whatever was under way being
// dropped (the runner cancels it), and is applied when it ends.
func (c *change) forced() step {
	c.act, c.quiet, c.building, c.result = rebuild, true, true, nil
	return stepBuild
}

// seen records a change of name asking for a. The runner restarts both
// waits after it, unless a is ignore.
func (c *change) seen(name string, a action) step {
	if a == ignore {
		return stepNone
	}
	if c.names == nil {
		c.names = make(map[string]bool)
	}
	c.names[name] = true
	c.act = max(c.act, a)
	c.quiet = false
	if a == rebuild && (c.building || c.result != nil) {
		c.building, c.result = false, nil
		return stepCancel
	}
	return stepNone
}

// settled is called when changes have paused for the settle time: the
// build starts.
func (c *change) settled() step {
	if c.act != rebuild || c.building || c.result != nil {
		return stepNone
	}
	c.building = true
	return stepBuild
}

// debounced is called when changes have paused for the whole debounce.
func (c *change) debounced() step {
	c.quiet = true
	switch {
	case c.result != nil:
		return stepApply
	case c.building:
		return stepNone // applied when it ends
	case c.act == rebuild: // the settle time never came: a debounce of a millisecond or less
		c.building = true
		return stepBuild
	case c.act == restart:
		return stepRestart
	case c.act == reload:
		return stepReload
	}
	return stepNone
}

// built takes the result of the build of names. It is applied at once if
// the debounce is over, else kept until it is.
func (c *change) built(res buildResult) step {
	if !c.building {
		return stepNone // canceled meanwhile: the runner removes it
	}
	c.building = false
	c.result = &res
	if c.quiet {
		return stepApply
	}
	return stepNone
}

// take returns the result to apply, and starts a new change: the names
// seen from now on are the next change's.
func (c *change) take() buildResult {
	res := *c.result
	*c = change{quiet: c.quiet}
	return res
}

// acted starts a new change once the runner acted on one without a
// build: a restart, a reload.
func (c *change) acted() {
	*c = change{quiet: c.quiet}
}
