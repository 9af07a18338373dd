package reloader

import (
	"fmt"
	"strings"
	"testing"
)

// TestChangeTransitions drives a change through sequences of inputs and
// checks the step each one asks for. Inputs: "go:NAME", "tmpl:NAME",
// "css:NAME" and "doc:NAME" (a change asking for a rebuild, a restart, a
// reload, nothing), "settle" and "debounce" (the waits are over), "built"
// (the build ends), "take" and "acted" (the runner applied an outcome),
// "forced" (a rebuild asked for without a change).
func TestChangeTransitions(t *testing.T) {
	tests := []struct {
		name   string
		inputs string
		want   string // the steps, one per input
	}{
		{"first build, applied when it ends", "start built take",
			"build apply none"},
		{"one save: build on settling, apply at the debounce", "go:a settle built debounce take",
			"none build none apply none"},
		{"build slower than the debounce: apply when it ends", "go:a settle debounce built take",
			"none build none apply none"},
		{"a burst is one build", "go:a go:b go:c settle built debounce",
			"none none none build none apply"},
		{"a newer change cancels the build under way", "go:a settle go:b settle built debounce",
			"none build cancel build none apply"},
		{"a newer change drops the result waiting", "go:a settle built go:b settle built debounce",
			"none build none cancel build none apply"},
		{"a restart-only change does not cancel", "go:a settle tmpl:t built debounce",
			"none build none none apply"},
		{"restart only", "tmpl:t settle debounce acted",
			"none none restart none"},
		{"reload only", "css:s settle debounce acted",
			"none none reload none"},
		{"a reload and a restart restart", "css:s tmpl:t settle debounce acted",
			"none none none restart none"},
		{"a reload and a rebuild rebuild", "css:s go:a settle built debounce take",
			"none none build none apply none"},
		{"a reload during a build waits for it", "go:a settle css:s built debounce take",
			"none build none none apply none"},
		{"after a reload, a new change waits again", "css:s debounce acted css:t settle debounce",
			"none reload none none none reload"},
		{"ignored files do nothing", "doc:README settle debounce",
			"none none none"},
		{"tiny debounce: build at the debounce", "go:a debounce built",
			"none build apply"},
		{"a canceled build's end is not applied", "go:a settle go:b built settle built debounce",
			"none build cancel none build none apply"},
		{"after an outcome, a new change waits again", "start built take go:a settle built",
			"build apply none none build none"},
		{"a forced rebuild starts at once and applies when it ends", "forced built take",
			"build apply none"},
		{"a forced rebuild drops the result waiting for the debounce", "go:a settle built forced debounce built",
			"none build none build none apply"},
		{"a forced rebuild during one: the newer is applied", "go:a settle forced settle debounce built",
			"none build build none none apply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c change
			var got []string
			for in := range strings.FieldsSeq(tt.inputs) {
				got = append(got, feedChange(&c, in))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("%s = %s, want %s", tt.inputs, g, tt.want)
			}
		})
	}
}

// feedChange gives c one input of TestChangeTransitions and returns the step
// it asks for.
func feedChange(c *change, in string) string {
	kind, name, _ := strings.Cut(in, ":")
	switch kind {
	case "start":
		return c.start().String()
	case "go":
		return c.seen(name, rebuild).String()
	case "tmpl":
		return c.seen(name, restart).String()
	case "css":
		return c.seen(name, reload).String()
	case "doc":
		return c.seen(name, ignore).String()
	case "settle":
		return c.settled().String()
	case "debounce":
		return c.debounced().String()
	case "built":
		return c.built(buildResult{out: "bin"}).String()
	case "take":
		if res := c.take(); res.out != "bin" {
			return fmt.Sprintf("take=%q", res.out)
		}
		return "none"
	case "forced":
		return c.forced().String()
	case "acted":
		c.acted()
		return "none"
	}
	return "unknown input " + in
}
