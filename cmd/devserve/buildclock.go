package main

import (
	"sync"
	"time"
)

// buildClock says, while a build runs long, that it is still going: once
// after first, then every every. Its methods may be called from any
// goroutine; say is called from a timer's.
type buildClock struct {
	first, every time.Duration
	say          func(elapsed time.Duration)

	mu    sync.Mutex  // guards the fields below
	timer *time.Timer // nil when no build runs
	start time.Time
}

// started notes a build that starts now.
func (c *buildClock) started() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopLocked()
	c.start = time.Now()
	c.timer = time.AfterFunc(c.first, c.tick)
}

// tick says the build goes on, and sets the next tick.
func (c *buildClock) tick() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timer == nil {
		return // the build ended while this tick was due
	}
	c.say(time.Since(c.start))
	c.timer = time.AfterFunc(c.every, c.tick)
}

// ended notes that the build ended, or that no build will be told of.
func (c *buildClock) ended() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopLocked()
}

func (c *buildClock) stopLocked() {
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
}
