package reloader

import "sync"

// panicQueue hands handler panics from the goroutines that copy the app's
// stderr to the engine's goroutine without ever blocking the copy.
type panicQueue struct {
	mu     sync.Mutex    // guards blocks
	blocks []panicBlock  // not yet taken
	ready  chan struct{} // holds a token while blocks is not empty
}

func newPanicQueue() *panicQueue { return &panicQueue{ready: make(chan struct{}, 1)} }

// push adds a block.
func (q *panicQueue) push(b panicBlock) {
	q.mu.Lock()
	q.blocks = append(q.blocks, b)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// begin notes that a block has begun.
func (q *panicQueue) begin() { q.push(panicBlock{begun: true}) }

// take returns the blocks pushed so far and empties the queue.
func (q *panicQueue) take() []panicBlock {
	q.mu.Lock()
	defer q.mu.Unlock()
	b := q.blocks
	q.blocks = nil
	return b
}
