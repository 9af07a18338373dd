package main

import (
	"example.com/multi/a"
	"example.com/multi/b"
)

func main() { a.A(); b.B() }
