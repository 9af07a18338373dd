package reloader

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// commandName returns the name a command's output is shown under when it
// has no other: the base name of its first word, without ".exe".
func commandName(run string) string {
	argv, err := splitCommand(run)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(filepath.Base(argv[0]), ".exe")
}

// splitCommand splits a command line into its words, without a shell:
// words are separated by spaces and tabs, and a word, or part of one, may
// be quoted with ' or " to hold spaces; there are no escapes, so that
// Windows paths keep their backslashes. A line means the same on every
// system; for pipes, redirections or variables, run a shell:
// sh -c '...'.
func splitCommand(line string) ([]string, error) {
	var words []string
	var word strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case ' ', '\t', '\n', '\r':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case '\'', '"':
			end := strings.IndexByte(line[i+1:], c)
			if end < 0 {
				return nil, fmt.Errorf("reloader: %q: unterminated %c", line, c)
			}
			word.WriteString(line[i+1 : i+1+end])
			i += end + 1
			inWord = true
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	if len(words) == 0 {
		return nil, errors.New("reloader: empty command line")
	}
	return words, nil
}
