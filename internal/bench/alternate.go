package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// target is a server a benchmark hammers, by name and URL.
type target struct{ name, url string }

// alternate hammers base and test in turn with conc clients for round
// each, rounds times, in ABBA order so that neither goes first every
// round, and profiles the test rounds into cpuProfile (if not empty). It
// writes each round's figures to out and returns each side's rounds
// merged and each round's test/base rate.
func alternate(base, test target, conc int, round time.Duration, rounds int, cpuProfile string, out io.Writer) (b, t *load, paired []float64, err error) {
	b, t = &load{}, &load{}
	for i := range rounds {
		var rates [2]float64
		for j := range 2 {
			k := (i + j) % 2
			tg, into := base, b
			if k == 1 {
				tg, into = test, t
			}
			stopProfile, err := profile(cpuProfile, k == 1)
			if err != nil {
				return nil, nil, nil, err
			}
			l, err := hammer(tg.url, conc, round)
			stopProfile()
			if err != nil {
				return nil, nil, nil, fmt.Errorf("%s: %w", tg.name, err)
			}
			fmt.Fprintf(out, "  round %d %-8s %v\n", i+1, tg.name, l)
			into.merge(l)
			rates[k] = l.rate()
		}
		paired = append(paired, rates[1]/rates[0])
	}
	return b, t, paired, nil
}

// median returns the median of ratios.
func median(ratios []float64) float64 {
	s := slices.Clone(ratios)
	slices.Sort(s)
	return s[len(s)/2]
}

// A side is one way of serving a sample app that each edit of a reload
// benchmark is timed on.
type side struct {
	name string
	// url is where a steady client requests the app; "" for none.
	url string
	// edit saves edit i, in place or by write-then-rename, and returns
	// the time from the save to the first response with the new code.
	edit func(i int, rename bool) (time.Duration, error)
	// wait, if not nil, waits for the side to stop once its context is
	// cancelled.
	wait func() error
}

// pairEdits makes edits edits on every side, half in place and half
// write-then-rename, rotating every two edits which side goes first, so
// that each side sees the machine in every state the others leave it in
// and each kind of edit in every order. It writes each edit's figures to
// progress and returns took[side][edit].
func pairEdits(sides []side, edits int, progress io.Writer) ([][]time.Duration, error) {
	took := make([][]time.Duration, len(sides))
	for i := range edits {
		first := i / 2 % len(sides)
		for j := range sides {
			k := (first + j) % len(sides)
			d, err := sides[k].edit(i, i%2 == 1)
			if err != nil {
				return nil, fmt.Errorf("%s, edit %d: %w", sides[k].name, i+1, err)
			}
			took[k] = append(took[k], d)
		}
		fmt.Fprintf(progress, "  edit %d/%d:", i+1, edits)
		for k, s := range sides {
			fmt.Fprintf(progress, " %s %v", s.name, took[k][i].Round(time.Millisecond))
		}
		fmt.Fprintln(progress)
	}
	return took, nil
}
