package main

func f() (int, error) {
	return
}

func g(s string) {}

func main() {
	f()
	g(1, 2)
}
