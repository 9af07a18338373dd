package main

import (
	"fmt"
	"strings"
)

// suggestion returns ` (did you mean "x"?)` for the candidate closest to
// name, or, when none is close enough to be a likely typo, `; want one
// of "a", "b"` listing them all.
func suggestion(name string, candidates []string) string {
	if best := closest(name, candidates); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return "; want one of " + quoteList(candidates)
}

// quoteList returns the names quoted and joined by commas.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// closest returns the candidate closest to name, or "" when none is close
// enough to be a likely typo: one within maxEdits(name) edits, or else
// the shortest that starts with name or that name starts with, when the
// shorter of the two has at least three letters.
func closest(name string, candidates []string) string {
	best, bestDist := "", maxEdits(name)+1
	for _, c := range candidates {
		if d := editDistance(name, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best != "" {
		return best
	}
	for _, c := range candidates {
		if sharesPrefix(name, c) && (best == "" || len(c) < len(best)) {
			best = c
		}
	}
	return best
}

// maxEdits is how many edits make a mistyped name of name's length: one
// up to four letters, where two would turn --port into --poll, two from
// five on.
func maxEdits(name string) int {
	if len(name) <= 4 {
		return 1
	}
	return 2
}

// sharesPrefix reports whether one of a and b starts with the other, the
// shorter having at least three letters: "verb" for "verbose".
func sharesPrefix(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 3 && strings.HasPrefix(b, a)
}

// editDistance is the optimal string alignment distance between a and
// b: the Levenshtein distance with a swap of two adjacent letters ("rnu"
// for "run") counted as one edit.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
