package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/BurntSushi/toml"
	"github.com/devserve/devserve/internal/gocmd"
)

// configName is the optional settings file at the module root.
const configName = "devserve.toml"

// moduleRoot returns the root of the module dir is in, or dir itself
// when it is in none.
func moduleRoot(dir string) string {
	if root, ok := gocmd.ModuleRoot(dir); ok {
		return root
	}
	return dir
}

// applyConfig reads devserve.toml in root, if there is one, and applies
// its settings to the flags of fs not in set (those given on the command
// line win) and to o's package and arguments.
func (o *options) applyConfig(root string, fs *flag.FlagSet, set map[string]bool) error {
	path := filepath.Join(root, configName)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	var cfg map[string]any
	if err == nil {
		_, err = toml.Decode(string(data), &cfg)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", configName, err)
	}
	keys := make([]string, 0, len(cfg))
	for k := range cfg {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := o.applyKey(fs, set, k, cfg[k]); err != nil {
			return fmt.Errorf("%s: %w", configName, err)
		}
	}
	return nil
}

// applyKey applies one setting of devserve.toml.
func (o *options) applyKey(fs *flag.FlagSet, set map[string]bool, key string, v any) error {
	switch key {
	case "package":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("package: want a string")
		}
		if o.pkg == "" {
			o.pkg = s
		}
		return nil
	case "args":
		args, err := stringsOf(v)
		if err != nil {
			return fmt.Errorf("args: %w", err)
		}
		if o.args == nil {
			o.args = args
		}
		return nil
	case "process":
		return o.applyProcesses(v)
	case "generate":
		if _, tables := v.([]map[string]any); tables && !set[key] {
			return o.applyGenerators(v)
		}
	}
	if fs.Lookup(key) == nil {
		return fmt.Errorf("unknown key %q%s", key, suggestion(key, append(flagNames(fs), "process", "package", "args")))
	}
	if set[key] {
		return nil
	}
	values, err := flagValues(v)
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	for _, s := range values {
		if err := fs.Set(key, s); err != nil {
			return fmt.Errorf("%s = %q: %s", key, s, wants(fs.Lookup(key), err.Error()))
		}
	}
	return nil
}

// flagValues turns a TOML value into the strings to Set a flag to: one
// for a scalar, one per element for an array, KEY=VALUE per entry for a
// table (as env takes).
func flagValues(v any) ([]string, error) {
	switch v := v.(type) {
	case string:
		return []string{v}, nil
	case bool:
		return []string{strconv.FormatBool(v)}, nil
	case int64:
		return []string{strconv.FormatInt(v, 10)}, nil
	case []any:
		return stringsOf(v)
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var out []string
		for _, k := range keys {
			s, ok := v[k].(string)
			if !ok {
				return nil, fmt.Errorf("%s: want a string", k)
			}
			out = append(out, k+"="+s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported value %v", v)
}

// stringsOf returns v as a list of strings.
func stringsOf(v any) ([]string, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want an array of strings")
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, fmt.Errorf("want an array of strings")
		}
		out = append(out, s)
	}
	return out, nil
}
