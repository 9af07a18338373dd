// Package cgo calls C.
package cgo

// #include "helper.h"
import "C"

// Answer returns what C says.
func Answer() int { return int(C.answer()) }
