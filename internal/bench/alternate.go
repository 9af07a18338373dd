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
