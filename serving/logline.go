package serving

import (
	"net"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"
)

// logTimeLayout is Werkzeug's request-log timestamp: 23/Nov/2026 23:14:06.
const logTimeLayout = "02/Jan/2006 15:04:05"

// appendLogLine appends the request-log line of a request to b:
//
//	127.0.0.1 - - [23/Nov/2026 23:14:06] "GET /path HTTP/1.1" 200 1234 3.1ms
//
// client is the client's host; the quoted request is colored by status
// when colors are on. A status or size that was never sent shows as "-".
func (l *requestLog) appendLogLine(b []byte, r *http.Request, w *responseWriter, start time.Time, d time.Duration) []byte {
	b = appendClient(b, r.RemoteAddr, l.local)
	b = append(b, " - - ["...)
	b = start.AppendFormat(b, logTimeLayout)
	b = append(b, "] "...)
	c := l.colors.forStatus(w.status)
	if l.colors.on && c != nil {
		b = append(b, c.Sprint(string(appendRequest(nil, r)))...)
	} else {
		b = appendRequest(b, r)
	}
	b = append(b, ' ')
	if w.status == 0 {
		b = append(b, "- -"...)
	} else {
		b = strconv.AppendInt(b, int64(w.status), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, w.size, 10)
	}
	b = append(b, ' ')
	b = append(b, formatDuration(d)...)
	return append(b, '\n')
}

// appendClient appends the client's host, or "<local>" for unix sockets.
func appendClient(b []byte, remoteAddr string, local bool) []byte {
	if local {
		return append(b, "<local>"...)
	}
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	return appendEscaped(b, host)
}

// appendRequest appends the quoted request line: "GET /path HTTP/1.1".
func appendRequest(b []byte, r *http.Request) []byte {
	b = append(b, '"')
	b = appendEscaped(b, r.Method)
	b = append(b, ' ')
	uri := r.RequestURI
	if uri == "" {
		uri = r.URL.RequestURI()
	}
	b = appendEscaped(b, uri)
	b = append(b, ' ')
	b = appendEscaped(b, r.Proto)
	return append(b, '"')
}

// appendEscaped appends s with control characters, invalid UTF-8, quotes
// and backslashes escaped, so that no request can forge log lines or send
// escape sequences to a terminal.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case r == utf8.RuneError && size == 1, r < 0x20, r == 0x7f:
			b = append(b, '\\', 'x', hexDigit[c>>4], hexDigit[c&0xf])
		case r >= 0x80 && r < 0xa0:
			b = append(b, '\\', 'u', '0', '0', hexDigit[r>>4], hexDigit[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return b
}

const hexDigit = "0123456789abcdef"

// formatDuration formats d with two or three significant digits: 412µs,
// 3.1ms, 1.25s.
func formatDuration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= 10*time.Millisecond:
		return d.Round(time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	case d >= time.Microsecond:
		return d.Round(time.Microsecond).String()
	}
	return d.String()
}
