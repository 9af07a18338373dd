package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/devserve/devserve/reloader"
)

// processKeys and generateKeys are the keys of the [[process]] and
// [[generate]] tables of devserve.toml.
var (
	processKeys  = []string{"name", "run"}
	generateKeys = []string{"run", "watch"}
)

// applyProcesses sets o's companion processes from the [[process]]
// tables of devserve.toml.
func (o *options) applyProcesses(v any) error {
	tables, err := tablesOf(v, processKeys)
	if err != nil {
		return fmt.Errorf("process: %w", err)
	}
	for i, t := range tables {
		name, err1 := stringKey(t, "name")
		run, err2 := stringKey(t, "run")
		if err := cmpErr(err1, err2); err != nil || name == "" || run == "" {
			return fmt.Errorf("process %d: want name = \"...\" and run = \"command line\"", i+1)
		}
		o.processes = append(o.processes, reloader.Process{Name: name, Run: run})
	}
	return nil
}

// applyGenerators sets o's generators from the [[generate]] tables of
// devserve.toml.
func (o *options) applyGenerators(v any) error {
	tables, err := tablesOf(v, generateKeys)
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	for i, t := range tables {
		run, err := stringKey(t, "run")
		if err != nil || run == "" {
			return fmt.Errorf("generate %d: want run = \"command line\"", i+1)
		}
		watch, err := stringsOf(t["watch"])
		if err != nil || len(watch) == 0 {
			return fmt.Errorf("generate %d: want watch = [\"glob\", ...], the generator's sources", i+1)
		}
		o.generate = append(o.generate, reloader.Generator{Run: run, Watch: watch})
	}
	return nil
}

// cmpErr returns the first error that is not nil.
func cmpErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// tablesOf returns v, an array of TOML tables with only the given keys.
func tablesOf(v any, keys []string) ([]map[string]any, error) {
	list, ok := v.([]map[string]any)
	if !ok {
		return nil, fmt.Errorf("want tables, [[...]]")
	}
	for i, t := range list {
		for k := range t {
			if !slices.Contains(keys, k) {
				return nil, fmt.Errorf("%d: unknown key %q%s", i+1, k, suggestion(k, keys))
			}
		}
	}
	return list, nil
}

// stringKey returns the string under key in t, "" if there is none.
func stringKey(t map[string]any, key string) (string, error) {
	v, ok := t[key]
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s: want a string", key)
	}
	return s, nil
}

// generateFlag is --generate GLOB=COMMAND: a generator of one glob.
type generateFlag []reloader.Generator

func (g *generateFlag) String() string {
	s := make([]string, len(*g))
	for i, gen := range *g {
		s[i] = strings.Join(gen.Watch, ",") + "=" + gen.Run
	}
	return strings.Join(s, " ")
}

func (g *generateFlag) Set(s string) error {
	glob, run, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(glob) == "" || strings.TrimSpace(run) == "" {
		return fmt.Errorf("want GLOB=COMMAND, e.g. '**/*.templ=templ generate'")
	}
	*g = append(*g, reloader.Generator{Run: run, Watch: []string{strings.TrimSpace(glob)}})
	return nil
}
