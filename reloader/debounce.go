package reloader

import (
	"sort"
	"time"
)

// debouncer collects changes and releases them as one batch once none has
// come for its delay (a trailing-edge debounce): a burst of saves, or a
// checkout touching hundreds of files, becomes one batch of its final
// state. It is used from one goroutine.
type debouncer struct {
	delay   time.Duration
	timer   *time.Timer       // nil until the first change
	armed   bool              // a batch is pending and the timer runs for it
	pending map[string]action // changed path → the strongest action asked for it
}

// add records a change of name asking for a, and restarts the wait.
func (d *debouncer) add(name string, a action) {
	if d.pending == nil {
		d.pending = make(map[string]action)
	}
	d.pending[name] = max(d.pending[name], a)
	if d.timer == nil {
		d.timer = time.NewTimer(d.delay)
	} else {
		d.timer.Reset(d.delay)
	}
	d.armed = true
}

// C fires when the pending batch is due; it is nil when nothing is
// pending, so that a select on it blocks.
func (d *debouncer) C() <-chan time.Time {
	if !d.armed {
		return nil
	}
	return d.timer.C
}

// take returns the pending batch and empties it: the changed paths,
// sorted, and the strongest action any of them asked for.
func (d *debouncer) take() ([]string, action) {
	names := make([]string, 0, len(d.pending))
	var a action
	for name, na := range d.pending {
		names = append(names, name)
		a = max(a, na)
	}
	sort.Strings(names)
	d.pending, d.armed = nil, false
	return names, a
}

// stop releases the timer.
func (d *debouncer) stop() {
	if d.timer != nil {
		d.timer.Stop()
	}
}
