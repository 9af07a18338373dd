// Package msg holds the text the tests edit.
package msg

// Text is the greeting.
func Text() string { return "hello v1" }
