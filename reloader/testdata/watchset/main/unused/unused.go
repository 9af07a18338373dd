// Package unused is in the module but not in the main package's graph.
package unused
