// Package lib is a module used through a replace directive.
package lib

// Name names the module.
func Name() string { return "lib" }
