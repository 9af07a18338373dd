package main

import (
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

// TestBuildClock checks that a long build is said to go on after 5s and
// every 10s after, and that nothing is said once it ended.
func TestBuildClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var said []time.Duration
		c := &buildClock{first: 5 * time.Second, every: 10 * time.Second, say: func(d time.Duration) { said = append(said, d) }}
		c.started()
		time.Sleep(26 * time.Second)
		c.ended()
		time.Sleep(time.Minute)
		if want := []time.Duration{5 * time.Second, 15 * time.Second, 25 * time.Second}; !slices.Equal(said, want) {
			t.Errorf("a 26s build was said to go on at %v, want %v", said, want)
		}
		said = nil
		c.started()
		time.Sleep(4 * time.Second)
		c.ended()
		time.Sleep(time.Minute)
		if len(said) != 0 {
			t.Errorf("a 4s build was said to go on at %v, want never", said)
		}
	})
}
