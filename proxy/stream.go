package proxy

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// A stream is a response that stays open for as long as the app likes,
// or a connection the app took over with an upgrade: what a graceful
// shutdown of the app would wait for until the engine's grace period ran
// out. When the engine stops the app, the proxy ends its streams, so that
// the shutdown returns at once:
//
//   - server-sent events (a text/event-stream response) at once; the
//     client sees the stream end, as when the server closes it, and
//     reconnects, to be held until the next app is ready;
//   - another response of unknown length once the app keeps it waiting
//     for streamIdle (a long poll that sent its head, a stream of lines
//     or frames); the client sees it broken off;
//   - an upgraded connection at once, a WebSocket with a close frame of
//     code 1012 (service restart) sent to the client first.
//
// Ordinary requests, those whose response head has not come yet or whose
// body has a length, keep the grace period to finish.
type stream struct {
	kind streamKind
	cut  func()  // closes the connection to the app
	ws   *wsConn // a WebSocket: the client's side of it

	ended    atomic.Bool  // the proxy ended the stream
	finished atomic.Bool  // the response is over: there is nothing left to end
	waiting  atomic.Int64 // when the read from the app under way began, in Unix nanoseconds; 0 if none
	held     atomic.Bool  // a read from the app has waited streamIdle or longer
}

// streamKind says how a stream ends.
type streamKind int

const (
	notStream     streamKind = iota
	streamEvents             // server-sent events
	streamBody               // another body of unknown length
	streamUpgrade            // a connection taken over by an upgrade
)

// streamIdle is how long the app keeps a read of a streamBody waiting
// before the body counts as held open rather than being written.
const streamIdle = 100 * time.Millisecond

// wsCloseWait bounds how long ending a WebSocket waits for the frame the
// app is sending to end, and for the close frame to be written.
const wsCloseWait = 250 * time.Millisecond

// streamKindOf returns the kind of stream resp is, or notStream.
func streamKindOf(resp *http.Response) streamKind {
	switch {
	case resp.StatusCode == http.StatusSwitchingProtocols:
		return streamUpgrade
	case resp.Body == nil || resp.Body == http.NoBody:
		return notStream
	case isEventStream(resp.Header):
		return streamEvents
	case resp.ContentLength < 0:
		return streamBody
	}
	return notStream
}

// stop ends s as its kind says: at once, or once the app keeps it
// waiting. It does not block.
func (s *stream) stop() {
	switch {
	case s.ws != nil:
		go s.closeWebSocket()
	case s.kind == streamBody:
		s.endWhenHeld()
	default:
		s.end()
	}
}

// end cuts s off from the app.
func (s *stream) end() {
	s.ended.Store(true)
	s.cut()
}

// endWhenHeld ends s once a read from the app has waited streamIdle,
// checking again until then or until the response is over.
func (s *stream) endWhenHeld() {
	if s.finished.Load() {
		return
	}
	began := s.waiting.Load()
	if s.held.Load() || began != 0 && time.Since(time.Unix(0, began)) >= streamIdle {
		s.end()
		return
	}
	time.AfterFunc(streamIdle/2, s.endWhenHeld)
}

// closeWebSocket sends the client a close frame, then cuts the app off.
func (s *stream) closeWebSocket() {
	s.ws.closeRestart(wsCloseWait)
	s.end()
}

// trackedBody is the body of a stream as the proxy reads it from the app.
type trackedBody struct {
	io.ReadCloser
	s *stream
}

// Read implements io.Reader. Once the proxy has ended server-sent events,
// it reports their end.
func (b *trackedBody) Read(p []byte) (int, error) {
	began := time.Now()
	b.s.waiting.Store(began.UnixNano())
	n, err := b.ReadCloser.Read(p)
	b.s.waiting.Store(0)
	if time.Since(began) >= streamIdle {
		b.s.held.Store(true)
	}
	if err != nil && b.s.kind == streamEvents && b.s.ended.Load() {
		return n, io.EOF
	}
	return n, err
}

// track makes resp, the app's response to a request rt forwards, a
// stream of rt's app if it is one, cut off by cancel.
func (rt *roundTrip) track(resp *http.Response, cancel func()) {
	kind := streamKindOf(resp)
	if kind == notStream || kind == streamUpgrade { // an upgrade is tracked once the connection is taken over
		return
	}
	s := &stream{kind: kind, cut: cancel}
	resp.Body = &trackedBody{ReadCloser: resp.Body, s: s}
	rt.stream = s
	rt.app.track(s)
}

// upgradeWriter is the ResponseWriter of a request that asks for an
// upgrade: the connection the reverse proxy takes over becomes a stream
// of the app, to be ended as one.
type upgradeWriter struct {
	http.ResponseWriter
	rt *roundTrip
}

// Hijack implements http.Hijacker.
func (u *upgradeWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(u.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	s := &stream{kind: streamUpgrade, cut: u.rt.cancel}
	if u.rt.websocket {
		s.ws = &wsConn{Conn: c}
		c = s.ws
	}
	u.rt.stream = s
	u.rt.app.track(s)
	return c, brw, nil
}

// Unwrap returns the ResponseWriter u wraps, for http.ResponseController.
func (u *upgradeWriter) Unwrap() http.ResponseWriter { return u.ResponseWriter }

// isWebSocket reports whether r asks for an upgrade to WebSocket.
func isWebSocket(r *http.Request) bool {
	return strings.EqualFold(strings.TrimSpace(r.Header.Get("Upgrade")), "websocket")
}
