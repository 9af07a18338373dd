package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// readEnvFile reads KEY=VALUE lines from name: blank lines and lines
// starting with # are skipped, an "export " prefix is allowed, and a
// value in matching single or double quotes loses them.
func readEnvFile(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var env []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		k, v, ok := strings.Cut(line, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("%s:%d: want KEY=VALUE", name, n)
		}
		env = append(env, k+"="+unquote(strings.TrimSpace(v)))
	}
	return env, sc.Err()
}

// unquote removes matching quotes around s.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
