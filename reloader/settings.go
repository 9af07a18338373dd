package reloader

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// buildSettle is how long changes pause before the build starts: the
// events of one save (a write, or a write and a rename) come within a
// fraction of a millisecond of each other, and a later one only cancels
// the build and starts it again.
const buildSettle = 2 * time.Millisecond

// settings are an Engine's fields with every default resolved, once, at
// the start of Run: the one place the defaults the fields document are
// decided.
type settings struct {
	pkg          string // the package to build
	dir          string // absolute: where go commands run
	debounce     time.Duration
	settle       time.Duration // how long changes pause before the build starts
	buildTimeout time.Duration
	grace        time.Duration
	readyTimeout time.Duration
	signal       os.Signal
	stdout       io.Writer
	stderr       io.Writer
}

// settings resolves e's defaults.
func (e *Engine) settings() (settings, error) {
	s := settings{
		pkg:          cmp.Or(e.Package, "."),
		debounce:     positive(e.Debounce, 50*time.Millisecond),
		buildTimeout: positive(e.BuildTimeout, 10*time.Minute),
		grace:        positive(e.Grace, 5*time.Second),
		readyTimeout: positive(e.ReadyTimeout, 30*time.Second),
		signal:       e.Signal,
		stdout:       e.Stdout,
		stderr:       e.Stderr,
	}
	s.settle = min(s.debounce, buildSettle)
	if s.signal == nil {
		s.signal = defaultSignal()
	}
	if s.stdout == nil {
		s.stdout = os.Stdout
	}
	if s.stderr == nil {
		s.stderr = os.Stderr
	}
	dir, err := filepath.Abs(cmp.Or(e.Dir, "."))
	if err != nil {
		return s, fmt.Errorf("reloader: %w", err)
	}
	s.dir = dir
	return s, nil
}

// positive returns d, or def when d is zero or negative: every duration
// of an Engine means its default when it is not positive.
func positive(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
