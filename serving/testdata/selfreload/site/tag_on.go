//go:build extra

package site

const tag = "tagged"
