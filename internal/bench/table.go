package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// A row is one figure of the table: what was measured, its value, the
// target it must meet (empty when it has none) and whether it does.
type row struct {
	figure string
	value  string
	target string
	met    verdict
	// strict marks a count that must hold for the run to pass (dropped
	// requests, rebuilds), as opposed to a timing, which only reports.
	strict bool
}

// A verdict says whether a row meets its target.
type verdict int

const (
	noTarget verdict = iota // a figure shown for context
	met
	missed
)

// String returns the word the table shows for v.
func (v verdict) String() string {
	switch v {
	case met:
		return "met"
	case missed:
		return "MISSED"
	}
	return ""
}

// check returns met if ok, else missed.
func check(ok bool) verdict {
	if ok {
		return met
	}
	return missed
}

// A section is the rows of one benchmark, with a line saying what it ran.
type section struct {
	name  string
	about string
	rows  []row
}

// printText writes the sections as an aligned plain-text table.
func printText(w io.Writer, sections []section) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tvalue\ttarget\t")
	for _, s := range sections {
		fmt.Fprintf(tw, "%s: %s\n", s.name, s.about) // no cell: it does not widen the columns
		for _, r := range s.rows {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.figure, r.value, r.target, r.met)
		}
	}
	return tw.Flush()
}

// markdown returns the sections as a Markdown table.
func markdown(sections []section) string {
	var b strings.Builder
	b.WriteString("| figure | value | target | |\n|---|---:|---|---|\n")
	for _, s := range sections {
		fmt.Fprintf(&b, "| **%s** — %s | | | |\n", s.name, s.about)
		for _, r := range s.rows {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.figure, r.value, r.target, r.met)
		}
	}
	return b.String()
}

// failedCounts returns the strict rows of sections that miss their
// target.
func failedCounts(sections []section) []string {
	var out []string
	for _, s := range sections {
		for _, r := range s.rows {
			if r.strict && r.met == missed {
				out = append(out, s.name+": "+r.figure)
			}
		}
	}
	return out
}
