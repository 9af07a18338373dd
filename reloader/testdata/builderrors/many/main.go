package main

func main() {
	var v1 int = "s"
	var v2 int = "s"
	var v3 int = "s"
	var v4 int = "s"
	var v5 int = "s"
	var v6 int = "s"
	var v7 int = "s"
	var v8 int = "s"
	var v9 int = "s"
	var v10 int = "s"
	var v11 int = "s"
	var v12 int = "s"
}
