package proxy

import (
	"strings"

	"github.com/devserve/devserve/debugpage"
)

// redacted stands for a secret found in the app's memory.
const redacted = "<redacted: devserve's secret>"

// scrub replaces, in vars and everything below them, each value that
// holds one of secrets: the app's memory holds the per-run secret and the
// console tokens of its pages, which no page may show.
func scrub(vars []debugpage.Var, secrets []string) {
	for i := range vars {
		v := &vars[i]
		for _, s := range secrets {
			if s != "" && (strings.Contains(v.Value, s) || strings.Contains(v.Name, s)) {
				v.Value, v.Name = strings.ReplaceAll(v.Value, s, redacted), strings.ReplaceAll(v.Name, s, redacted)
			}
		}
		scrub(v.Children, secrets)
	}
}

// secrets returns the secrets no answer may carry: the per-run secret and
// the tokens of the parked goroutines.
func (x *Inspection) secrets() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := []string{x.Secret}
	for _, pk := range x.parks {
		s = append(s, pk.token)
	}
	return s
}
