//go:build !special

// Package tags has files chosen by build tags.
package tags

// Mode says which file was built.
func Mode() string { return "plain" }
