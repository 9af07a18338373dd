// Command app is selfreload's second main package, in a directory of
// its own, for the tests of the reloader with go build.
package main

import "example.com/selfreload/site"

func main() { site.Serve("app") }
