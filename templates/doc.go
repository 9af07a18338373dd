// Package templates holds the HTML, CSS and JavaScript of every page
// devserve draws. The files are embedded in the binary and the templates
// are parsed once, on first use.
//
// Templates receive typed structs ([Page] and the types it holds) and
// html/template escapes every value they print. The one exception is the
// source table, which [RenderSource] writes itself for speed, escaping
// every value exactly as html/template would; nothing in this package
// marks unescaped input as safe HTML.
package templates
