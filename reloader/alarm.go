package reloader

import "time"

// alarm is a timer for a select: its channel is nil while it is not set,
// so that a select on it blocks. It is used from one goroutine.
type alarm struct {
	t   *time.Timer // nil until first set
	set bool
}

// after sets the alarm to ring in d, whether or not it was set.
func (a *alarm) after(d time.Duration) {
	if a.t == nil {
		a.t = time.NewTimer(d)
	} else {
		a.t.Reset(d) // since Go 1.23, no stale ring is received after a Reset
	}
	a.set = true
}

// C returns the channel the alarm rings on, nil while it is not set.
func (a *alarm) C() <-chan time.Time {
	if !a.set {
		return nil
	}
	return a.t.C
}

// rang records that the ring was received: the alarm is no longer set.
func (a *alarm) rang() { a.set = false }

// stop releases the timer.
func (a *alarm) stop() {
	if a.t != nil {
		a.t.Stop()
	}
	a.set = false
}
