package main

import (
	"fmt"
	"slices"

	"github.com/devserve/devserve/reloader"
)

// processKeys are the keys of a [[process]] table of devserve.toml.
var processKeys = []string{"name", "run"}

// applyProcesses sets o's companion processes from the [[process]]
// tables of devserve.toml.
func (o *options) applyProcesses(v any) error {
	tables, err := tablesOf(v, processKeys)
	if err != nil {
		return fmt.Errorf("process: %w", err)
	}
	for i, t := range tables {
		p := reloader.Process{Name: t["name"], Run: t["run"]}
		if p.Name == "" || p.Run == "" {
			return fmt.Errorf("process %d: want name = \"...\" and run = \"command line\"", i+1)
		}
		o.processes = append(o.processes, p)
	}
	return nil
}

// tablesOf returns v, an array of TOML tables with string values under
// the given keys, as maps.
func tablesOf(v any, keys []string) ([]map[string]string, error) {
	list, ok := v.([]map[string]any)
	if !ok {
		return nil, fmt.Errorf("want tables, [[...]]")
	}
	out := make([]map[string]string, len(list))
	for i, t := range list {
		out[i] = make(map[string]string)
		for k, val := range t {
			if !slices.Contains(keys, k) {
				return nil, fmt.Errorf("%d: unknown key %q%s", i+1, k, suggestion(k, keys))
			}
			s, ok := val.(string)
			if !ok {
				return nil, fmt.Errorf("%d: %s: want a string", i+1, k)
			}
			out[i][k] = s
		}
	}
	return out, nil
}
