package reloader

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestChangeTransitions drives a change through sequences of inputs and
// checks the step each one asks for. Inputs: "go:NAME", "tmpl:NAME",
// "css:NAME" and "doc:NAME" (a change asking for a rebuild, a restart, a
// reload, nothing), "settle" and "debounce" (the waits are over), "built"
// (the build ends), "take" and "acted" (the runner applied an outcome),
// "forced" (a rebuild asked for without a change). Generators: "startgen"
// (the first build, with generators), "src:NAME" (a generator's source
// changed), "generated" and "genfail" (their run ended, or failed),
// "check:NAME,..." (the held changes checked: those files' content
// changed), "checksrc:NAME" (a source's content changed while they ran),
// "checkstale" (nothing changed, but there is no good binary).
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

		{"first run: the generators, then the build", "startgen generated settle check built take",
			"generate settle check build apply none"},
		{"a source change: generate on settling, then build what they wrote", "src:a settle go:a_templ generated settle check:a_templ debounce built take",
			"none generate none settle check build none apply none"},
		{"what they wrote is as it was: no build", "src:a settle go:a_templ generated settle check debounce",
			"none generate none settle check none none"},
		{"a source change cancels the build under way", "go:a settle src:b settle",
			"none build cancel generate"},
		{"no build while they run", "src:a settle go:b settle debounce generated settle check:b built",
			"none generate none none none settle check build apply"},
		{"a generator rewriting its source as it was does not run again", "src:a settle src:a generated settle check",
			"none generate none settle check none"},
		{"a source changed while they ran runs them again", "src:a settle src:a generated settle checksrc:a generated settle check",
			"none generate none settle check generate settle check none"},
		{"a failed run is applied at the debounce", "src:a settle genfail debounce take",
			"none generate none apply none"},
		{"a failed run after the debounce is applied at once", "src:a settle debounce genfail take",
			"none generate none apply none"},
		{"no good binary: a build follows a run that changed nothing", "src:a settle generated settle checkstale built debounce",
			"none generate settle check build none apply"},
		{"a forced rebuild while they run starts after the check", "src:a settle forced generated settle check built",
			"none generate none settle check build apply"},
		{"tiny debounce: generate at the debounce", "src:a debounce generated settle check",
			"none generate settle check none"},
		{"a reload file they rewrote as it was does nothing", "src:a settle css:s generated settle check debounce",
			"none generate none settle check none none"},
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
		return c.start(false).String()
	case "startgen":
		return c.start(true).String()
	case "src":
		return c.source(name).String()
	case "generated":
		return c.generated(nil).String()
	case "genfail":
		return c.generated(&buildResult{err: errors.New("templ generate failed")}).String()
	case "check", "checksrc", "checkstale":
		changed := make(map[string]heldChange)
		for n := range strings.SplitSeq(name, ",") {
			if n != "" {
				changed[n] = heldChange{act: rebuild, source: kind == "checksrc"}
			}
		}
		if kind == "checksrc" {
			changed[name] = heldChange{source: true}
		}
		return c.checked(changed, kind == "checkstale").String()
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
		if res := c.take(); res.out != "bin" && res.err == nil {
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
