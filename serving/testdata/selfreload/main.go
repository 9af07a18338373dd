// Command selfreload serves through serving.RunSimple with the reloader,
// for the tests of the reloader: it is run with go run and edited.
package main

import "example.com/selfreload/site"

func main() { site.Serve("root") }
