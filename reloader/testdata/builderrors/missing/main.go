package main

import "example.org/nowhere/pkg"

func main() { pkg.Do() }
