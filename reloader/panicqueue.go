package reloader

import "sync"

// panicQueue hands handler panics from the goroutines that copy the app's
// stderr to the engine's goroutine without ever blocking the copy.
// Each block counts as busy on meter from its push until the engine has
// reported it and calls reported.
type panicQueue struct {
	mu     sync.Mutex    // guards blocks
	blocks []panicBlock  // not yet taken
	ready  chan struct{} // holds a token while blocks is not empty
	meter  *outputMeter
}

func newPanicQueue(meter *outputMeter) *panicQueue {
	return &panicQueue{ready: make(chan struct{}, 1), meter: meter}
}

// push adds a block.
func (q *panicQueue) push(b panicBlock) {
	q.meter.add(1)
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

// reported says that a block take returned has been reported.
func (q *panicQueue) reported() { q.meter.done() }

// take returns the blocks pushed so far and empties the queue.
func (q *panicQueue) take() []panicBlock {
	q.mu.Lock()
	defer q.mu.Unlock()
	b := q.blocks
	q.blocks = nil
	return b
}
