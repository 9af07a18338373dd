// Package shared is a workspace module.
package shared

// Name names the module.
func Name() string { return "shared" }
