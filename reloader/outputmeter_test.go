//go:build linux || darwin

package reloader

import (
	"os"
	"testing"
	"time"
)

// TestOutputMeter checks that output counts as pending from the write
// that puts it in the pipe until the copy has scanned it, and through a
// panic queued and not yet reported.
func TestOutputMeter(t *testing.T) {
	var m outputMeter
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	m.watch(r)
	if pending, known := m.pending(); pending || !known {
		t.Fatalf("an empty pipe: pending() = %v, %v, want false, true", pending, known)
	}
	if _, err := w.WriteString("http: panic serving 127.0.0.1:1: boom\n"); err != nil {
		t.Fatal(err)
	}
	if pending, _ := m.pending(); !pending {
		t.Fatal("a line in the pipe is not pending")
	}

	scanning, release := make(chan struct{}), make(chan struct{})
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		buf := make([]byte, 64)
		for {
			n, err := m.read(r, buf)
			if n > 0 {
				scanning <- struct{}{}
				<-release
				m.done()
			}
			if err != nil {
				return
			}
		}
	}()
	<-scanning
	if pending, _ := m.pending(); !pending {
		t.Fatal("a line read and not yet scanned is not pending")
	}
	q := newPanicQueue(&m)
	q.begin() // the scan found a panic's block
	close(release)
	deadline := time.Now().Add(10 * time.Second)
	for range q.take() {
		if pending, _ := m.pending(); !pending {
			t.Fatal("a panic queued and not yet reported is not pending")
		}
		q.reported()
	}
	for {
		pending, _ := m.pending()
		if !pending {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the output is still pending once scanned and reported")
		}
		time.Sleep(time.Millisecond)
	}
	w.Close()
	<-copied
	m.forget(r)
	if len(m.pipes) != 0 {
		t.Errorf("forget left %d pipes", len(m.pipes))
	}
}
