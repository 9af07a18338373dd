package main

// greeting is the text of the page: edit it while the app runs.
func greeting() string { return "Hello from a program that rebuilds itself" }
