//go:build !linux && !darwin

package reloader

import (
	"errors"
	"os"
)

// pipeHolds returns how many bytes pipe f holds unread: not known here.
func pipeHolds(*os.File) (int, error) {
	return 0, errors.New("the bytes a pipe holds are not known on this platform")
}

// read reads from f, one of the pipes watched, into buf. A read that
// returns bytes counts as busy until done.
func (m *outputMeter) read(f *os.File, buf []byte) (int, error) {
	n, err := f.Read(buf)
	if n > 0 {
		m.add(1)
	}
	return n, err
}
