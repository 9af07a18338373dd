package serving

import (
	"io"
	"sync"
)

// syncWriter serializes writes to a writer shared by goroutines.
type syncWriter struct {
	mu sync.Mutex // guards w
	w  io.Writer
}

// Write writes b to the underlying writer.
func (sw *syncWriter) Write(b []byte) (int, error) {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	return sw.w.Write(b)
}
