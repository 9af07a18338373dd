// Command main is the watch-set fixture: it imports a package with
// embedded assets, a cgo package, a package with build-tagged files, and a
// module replaced by a directory outside its own.
package main

import (
	"fmt"

	"example.com/lib"
	"example.com/main/cgo"
	"example.com/main/tags"
	"example.com/main/web"
)

func main() { fmt.Println(lib.Name(), cgo.Answer(), tags.Mode(), len(web.Assets)) }
