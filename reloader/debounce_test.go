package reloader

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"
)

func TestDebounceStorm(t *testing.T) {
	tests := []struct {
		name    string
		changes int           // files changed, one after the other
		gap     time.Duration // between two changes
		delay   time.Duration
		batches int // batches released
	}{
		{"one save", 1, 0, 50 * time.Millisecond, 1},
		{"checkout of 500 files", 500, 100 * time.Microsecond, 50 * time.Millisecond, 1},
		{"slow storm below the delay", 100, 40 * time.Millisecond, 50 * time.Millisecond, 1},
		{"two saves further apart than the delay", 2, 60 * time.Millisecond, 50 * time.Millisecond, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				d := debouncer{delay: tt.delay}
				defer d.stop()
				start := time.Now()
				var last time.Time
				batches, files := 0, 0
				for i := range tt.changes {
					if i > 0 {
						time.Sleep(tt.gap)
					}
					// a batch due during the gap is released first
					select {
					case <-d.C():
						names, _ := d.take()
						batches++
						files += len(names)
					default:
					}
					d.add(fmt.Sprintf("f%03d.go", i), rebuild)
					last = time.Now()
				}
				<-d.C()
				names, a := d.take()
				batches++
				files += len(names)
				if waited := time.Since(last); waited != tt.delay {
					t.Errorf("last batch released %v after the last change, want %v", waited, tt.delay)
				}
				if batches != tt.batches || files != tt.changes || a != rebuild {
					t.Errorf("%d changes over %v = %d batches of %d files (action %v), want %d batches of %d files (rebuild)",
						tt.changes, last.Sub(start), batches, files, a, tt.batches, tt.changes)
				}
				if d.C() != nil {
					t.Errorf("after take, C() = non-nil, want nil (nothing pending)")
				}
			})
		})
	}
}

func TestDebounceStrongestAction(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := debouncer{delay: 50 * time.Millisecond}
		defer d.stop()
		d.add("a.tmpl", restart)
		d.add("a.go", rebuild)
		d.add("a.go", restart) // the same file asks for less later
		<-d.C()
		names, a := d.take()
		if len(names) != 2 || a != rebuild {
			t.Errorf("restart, rebuild, restart of the same file = %q %v, want 2 files, rebuild", names, a)
		}
	})
}
