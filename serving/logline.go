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
// The quoted request is colored by status when colors are on. A response
// that was never sent shows "- -" for its status and size.
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
	b = appendDuration(b, d)
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

// appendDuration appends d with two or three significant digits, as
// time.Duration.String would print it rounded: 412µs, 3.1ms, 1.25s.
func appendDuration(b []byte, d time.Duration) []byte {
	if d >= time.Minute {
		return append(b, d.Round(time.Second).String()...)
	}
	// From the largest unit down: the least d for the row, what to round
	// to, and the unit to print in.
	rows := [...]struct {
		min, round, unit time.Duration
		name             string
	}{
		{time.Second, 10 * time.Millisecond, time.Second, "s"},
		{10 * time.Millisecond, time.Millisecond, time.Millisecond, "ms"},
		{time.Millisecond, 100 * time.Microsecond, time.Millisecond, "ms"},
		{time.Microsecond, time.Microsecond, time.Microsecond, "µs"},
	}
	for i, row := range rows {
		if d < row.min {
			continue
		}
		r := d.Round(row.round)
		if i > 0 && r >= rows[i-1].min {
			return appendDuration(b, r) // rounding carried into the row above
		}
		return appendUnit(b, r, row.unit, row.name)
	}
	return appendUnit(b, d, time.Nanosecond, "ns")
}

// appendUnit appends d in unit, with the fewest digits that say it.
func appendUnit(b []byte, d, unit time.Duration, name string) []byte {
	b = strconv.AppendFloat(b, float64(d)/float64(unit), 'f', -1, 64)
	return append(b, name...)
}
