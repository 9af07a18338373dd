// Command app imports a module of its workspace.
package main

import "example.com/shared"

func main() { println(shared.Name()) }
