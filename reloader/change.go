package reloader

// change follows one change of the watched files, from its first event to
// its outcome applied: the names seen, the generators run for them, the
// build made of them, that build's result, and whether the changes have
// paused for the debounce. Its methods do no I/O and read no clock: each
// says what the runner is to do next, and the runner does it. The zero
// value is a change with nothing seen yet.
//
// The protocol: every event restarts both waits (settle, the short one,
// and the debounce); a change that asks for a rebuild also cancels the
// build of older names. Once changes settle, the build starts, so that it
// runs while the debounce is still waiting; its result is applied once
// the debounce is over too, and at once if it already is. A burst of
// changes (a checkout of 500 files) settles once, into one build.
//
// A change of a generator's sources runs the generators first, once
// changes settle, and no build starts while they run. What changes from
// their start until the waits settle after their end may be their own
// writing: it is held, and once settled the runner checks it (content
// unchanged, it is dropped) and hands back what did change, which goes on
// as any change does. A source among it runs the generators again.
type change struct {
	names    map[string]bool // the files changed since the last outcome was applied
	act      action          // the strongest action any of them asks for
	building bool            // a build of names runs
	result   *buildResult    // the build of names, finished, waiting for the debounce; or the generators' failure
	quiet    bool            // no change for the debounce since the last one

	sources    map[string]bool       // generator sources changed, for the generators' next run
	everyGen   bool                  // every generator is to run, whatever the sources: the first run
	generating bool                  // the generators run
	held       map[string]heldChange // non-nil from the generators' start until the check: what changed meanwhile
}

// heldChange is a change seen while the generators ran: what it asks for,
// and whether the file is a generator's source.
type heldChange struct {
	act    action
	source bool
}

// step is what the runner is to do after a transition of a change.
type step int

const (
	stepNone     step = iota
	stepCancel        // cancel the build under way, or drop the result waiting: its sources are out of date
	stepBuild         // start building the names
	stepApply         // apply the result: replace the app, or show the build failure
	stepRestart       // restart the app without building: only files the app reads at start changed
	stepReload        // reload the open pages: only files the app reads as it runs changed
	stepGenerate      // run the generators of the sources (every one, if everyGen)
	stepSettle        // set the settle wait again: the generators ended, their last writes may still come
	stepCheck         // check the held changes for content that did not change, and call checked
)

var stepNames = [...]string{"none", "cancel", "build", "apply", "restart", "reload", "generate", "settle", "check"}

func (s step) String() string { return stepNames[s] }

// start is the first build, of no change, acted on when it ends; the
// generators, if any, run before it.
func (c *change) start(generators bool) step {
	c.act, c.quiet = rebuild, true
	if generators {
		c.everyGen = true
		return c.generate()
	}
	c.building = true
	return stepBuild
}

// forced is a rebuild asked for without a change of files: the build
// of the names seen so far starts at once, whatever was under way being
// dropped (the runner cancels it), and is applied when it ends. While
// the generators run, it starts once their outputs are in.
func (c *change) forced() step {
	c.act, c.quiet, c.result = rebuild, true, nil
	if c.held != nil {
		return stepNone
	}
	c.building = true
	return stepBuild
}

// seen records a change of name asking for a. The runner restarts both
// waits after it, unless a is ignore.
func (c *change) seen(name string, a action) step {
	if a == ignore {
		return stepNone
	}
	c.quiet = false
	if c.held != nil {
		h := c.held[name]
		h.act = max(h.act, a)
		c.held[name] = h
		return stepNone
	}
	c.add(name, a)
	if a == rebuild && (c.building || c.result != nil) {
		c.building, c.result = false, nil
		return stepCancel
	}
	return stepNone
}

// add adds name, asking for a, to the change's names.
func (c *change) add(name string, a action) {
	if c.names == nil {
		c.names = make(map[string]bool)
	}
	c.names[name] = true
	c.act = max(c.act, a)
}

// source records a change of a generator's source, name. A build under
// way, or its result, is out of date: the generators will write files it
// read.
func (c *change) source(name string) step {
	c.quiet = false
	if c.held != nil {
		h := c.held[name]
		h.source = true
		c.held[name] = h
		return stepNone
	}
	c.addSource(name)
	if c.building || c.result != nil {
		c.building, c.result = false, nil
		return stepCancel
	}
	return stepNone
}

// addSource adds name to the sources the generators are to run for.
func (c *change) addSource(name string) {
	if c.sources == nil {
		c.sources = make(map[string]bool)
	}
	c.sources[name] = true
}

// settled is called when changes have paused for the settle time: the
// generators start if sources changed, else the build does; after the
// generators, the held changes are checked first.
func (c *change) settled() step {
	switch {
	case c.generating:
		return stepNone
	case c.held != nil:
		return stepCheck
	case c.everyGen || len(c.sources) > 0:
		return c.generate()
	case c.act != rebuild || c.building || c.result != nil:
		return stepNone
	}
	c.building = true
	return stepBuild
}

// generate starts the generators' run.
func (c *change) generate() step {
	c.generating, c.held = true, make(map[string]heldChange)
	return stepGenerate
}

// debounced is called when changes have paused for the whole debounce.
func (c *change) debounced() step {
	c.quiet = true
	switch {
	case c.generating || c.held != nil:
		return stepNone // acted on once the held changes are checked
	case c.everyGen || len(c.sources) > 0: // the settle time never came: a debounce of a millisecond or less
		return c.generate()
	}
	return c.outcome()
}

// outcome returns what to do once the debounce is over and the
// generators, if any ran, are done.
func (c *change) outcome() step {
	switch {
	case c.result != nil:
		return stepApply
	case c.building:
		return stepNone // applied when it ends
	case c.act == rebuild: // the settle time never came, or the generators just ended
		c.building = true
		return stepBuild
	case c.act == restart:
		return stepRestart
	case c.act == reload:
		return stepReload
	}
	return stepNone
}

// generated takes the end of the generators' run: failed, the failure is
// the change's result, applied as a failed build is; else the settle wait
// is set again, for their last writes to come in.
func (c *change) generated(failed *buildResult) step {
	c.generating, c.sources, c.everyGen = false, nil, false
	if failed == nil {
		return stepSettle
	}
	c.held, c.result = nil, failed
	if c.quiet {
		return stepApply
	}
	return stepNone
}

// checked takes the held changes whose content did change, and what they
// are, and goes on as the waits say. Sources among them run the
// generators again. With rebuild set, a build follows in any case (the
// app stopped after a failure, or the first build).
func (c *change) checked(changed map[string]heldChange, rebuildAnyway bool) step {
	c.held = nil
	for name, h := range changed {
		if h.source {
			c.addSource(name)
		}
		if h.act != ignore {
			c.add(name, h.act)
		}
	}
	if rebuildAnyway {
		c.act = rebuild
	}
	switch {
	case len(c.sources) > 0:
		return c.generate()
	case c.act == rebuild:
		c.building = true
		return stepBuild
	case c.quiet:
		return c.outcome()
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
