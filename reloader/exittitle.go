package reloader

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// maxTitle bounds the title made of a line of output, in bytes.
const maxTitle = 300

// levelRE finds the level of a structured log line: level=ERROR (slog's
// text handler, logrus), "level":"error" (slog's JSON handler, zap,
// zerolog), "severity":"ERROR".
var levelRE = regexp.MustCompile(`(?i)(?:^|\s)level="?(\w+)|"(?:level|severity)"\s*:\s*"(\w+)"`)

// errorWordRE finds a word that makes an unstructured line an error
// report: log.Fatal's messages, "panic: ...", "error: ...", zerolog's ERR.
var errorWordRE = regexp.MustCompile(`(?i)\b(?:fatal|panic|error|err|failed|cannot|unable)\b`)

// logTimeRE matches the time stamp package log starts a line with.
var logTimeRE = regexp.MustCompile(`^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d(?:\.\d+)? `)

// msgRE and errRE find a logfmt line's message and error, quoted or not.
var (
	msgRE = regexp.MustCompile(`(?:^|\s)msg=("(?:[^"\\]|\\.)*"|\S*)`)
	errRE = regexp.MustCompile(`(?:^|\s)(?:err|error)=("(?:[^"\\]|\\.)*"|\S*)`)
)

// exitTitle returns the title of an app that exited after printing
// lines: what the last line reporting an error says, else the last line,
// else that it exited.
func exitTitle(lines []string) string {
	line := errorLine(lines)
	if line == "" {
		return "the app exited"
	}
	t := lineTitle(line)
	if len(t) > maxTitle {
		t = strings.ToValidUTF8(t[:maxTitle], "") + "…"
	}
	return t
}

// errorLine returns the last of lines that reports an error, else the
// last line; "" when there is none.
func errorLine(lines []string) string {
	for _, l := range slices.Backward(lines) {
		if reportsError(l) {
			return l
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return lines[len(lines)-1]
}

// reportsError reports whether a line of output reports an error: its
// level says so if it has one, else one of its words.
func reportsError(line string) bool {
	if m := levelRE.FindStringSubmatch(line); m != nil {
		switch strings.ToLower(m[1] + m[2]) {
		case "error", "err", "fatal", "panic", "dpanic", "critical", "crit", "alert", "emergency", "emerg":
			return true
		}
		return false
	}
	return errorWordRE.MatchString(line)
}

// lineTitle returns what a line of log says without its time stamp: the
// message and error of a structured line, the rest of a line of package
// log.
func lineTitle(line string) string {
	if t := jsonTitle(line); t != "" {
		return t
	}
	if msg := logfmtValue(msgRE, line); msg != "" {
		return joinError(msg, logfmtValue(errRE, line))
	}
	return logTimeRE.ReplaceAllString(line, "")
}

// jsonTitle returns the message and error of a JSON log line, or "".
func jsonTitle(line string) string {
	if !strings.HasPrefix(line, "{") {
		return ""
	}
	var rec struct {
		Msg     string `json:"msg"`
		Message string `json:"message"`
		Err     any    `json:"err"`
		Error   any    `json:"error"`
	}
	if json.Unmarshal([]byte(line), &rec) != nil {
		return ""
	}
	msg, err := rec.Msg+rec.Message, rec.Err
	if err == nil {
		err = rec.Error
	}
	if s, ok := err.(string); ok || err == nil {
		return joinError(msg, s)
	}
	b, _ := json.Marshal(err)
	return joinError(msg, string(b))
}

// logfmtValue returns the value re finds in line, unquoted.
func logfmtValue(re *regexp.Regexp, line string) string {
	m := re.FindStringSubmatch(line)
	if m == nil {
		return ""
	}
	if s, err := strconv.Unquote(m[1]); err == nil {
		return s
	}
	return m[1]
}

// joinError returns "msg: err", or whichever is not empty.
func joinError(msg, err string) string {
	switch {
	case msg == "":
		return err
	case err == "":
		return msg
	}
	return msg + ": " + err
}
