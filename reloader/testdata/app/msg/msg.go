// Package msg holds the text the fixture app serves.
package msg

// Text returns the app's greeting.
func Text() string { return "v1" }
