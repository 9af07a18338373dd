package reloader

import (
	"testing"
	"testing/synctest"
	"time"
)

// TestAlarmStorm sets an alarm again at every change of a storm and checks
// it rings once, the delay after the last change, as the debounce needs.
func TestAlarmStorm(t *testing.T) {
	tests := []struct {
		name    string
		changes int           // changes, one after the other
		gap     time.Duration // between two changes
		delay   time.Duration
		rings   int
	}{
		{"one save", 1, 0, 50 * time.Millisecond, 1},
		{"checkout of 500 files", 500, 100 * time.Microsecond, 50 * time.Millisecond, 1},
		{"slow storm below the delay", 100, 40 * time.Millisecond, 50 * time.Millisecond, 1},
		{"two saves further apart than the delay", 2, 60 * time.Millisecond, 50 * time.Millisecond, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var a alarm
				defer a.stop()
				rings := 0
				var last time.Time
				for i := range tt.changes {
					if i > 0 {
						time.Sleep(tt.gap)
					}
					select { // a ring due during the gap comes first
					case <-a.C():
						a.rang()
						rings++
					default:
					}
					a.after(tt.delay)
					last = time.Now()
				}
				<-a.C()
				a.rang()
				rings++
				if waited := time.Since(last); waited != tt.delay {
					t.Errorf("rang %v after the last change, want %v", waited, tt.delay)
				}
				if rings != tt.rings {
					t.Errorf("%d changes %v apart = %d rings, want %d", tt.changes, tt.gap, rings, tt.rings)
				}
				if a.C() != nil {
					t.Errorf("after rang, C() = non-nil, want nil")
				}
			})
		})
	}
}
