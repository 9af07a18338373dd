package serving

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestLogWriterKeepsEveryLine(t *testing.T) {
	const writers, lines = 8, 500
	out := new(safeBuffer)
	lw := startLogWriter(out, 0)
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range lines {
				lw.writeLine(fmt.Appendf(nil, "%d %d\n", g, i))
			}
		})
	}
	wg.Wait()
	lw.close()
	lw.writeLine([]byte("after close\n"))

	next := make([]int, writers)
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != writers*lines+1 || got[len(got)-1] != "after close" {
		t.Fatalf("log has %d lines ending %q, want %d ending %q", len(got), got[len(got)-1], writers*lines+1, "after close")
	}
	for _, line := range got[:len(got)-1] {
		var g, i int
		if _, err := fmt.Sscanf(line, "%d %d", &g, &i); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if i != next[g] {
			t.Fatalf("writer %d: line %d after %d, want lines in order", g, i, next[g]-1)
		}
		next[g]++
	}
}

// blockingWriter holds every write until released.
type blockingWriter struct {
	entered chan struct{}
	release chan struct{}
	buf     safeBuffer
}

func (w *blockingWriter) Write(b []byte) (int, error) {
	w.entered <- struct{}{}
	<-w.release
	return w.buf.Write(b)
}

func TestLogWriterBatchesWhileWriting(t *testing.T) {
	w := &blockingWriter{entered: make(chan struct{}), release: make(chan struct{})}
	lw := startLogWriter(w, 0)
	lw.writeLine([]byte("first\n"))
	<-w.entered // the goroutine is inside the first write
	lw.writeLine([]byte("second\n"))
	lw.writeLine([]byte("third\n"))
	w.release <- struct{}{}
	<-w.entered // the second write carries both lines queued meanwhile
	w.release <- struct{}{}
	done := make(chan struct{})
	go func() { lw.close(); close(done) }()
	<-done
	if got, want := w.buf.String(), "first\nsecond\nthird\n"; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
}

func TestLogWriterLingers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		out := new(safeBuffer)
		lw := startLogWriter(out, logLinger)
		lw.writeLine([]byte("one\n"))
		time.Sleep(logLinger / 2)
		lw.writeLine([]byte("two\n"))
		synctest.Wait()
		if got := out.String(); got != "" {
			t.Errorf("log %v after the first line = %q, want nothing written yet", logLinger/2, got)
		}
		time.Sleep(logLinger / 2)
		synctest.Wait()
		if got, want := out.String(), "one\ntwo\n"; got != want {
			t.Errorf("log %v after the first line = %q, want %q in one write", logLinger, got, want)
		}
		lw.writeLine([]byte("three\n"))
		start := time.Now()
		lw.close()
		if waited := time.Since(start); waited != 0 {
			t.Errorf("close waited %v, want it to write at once", waited)
		}
		if got, want := out.String(), "one\ntwo\nthree\n"; got != want {
			t.Errorf("log after close = %q, want %q", got, want)
		}
	})
}
