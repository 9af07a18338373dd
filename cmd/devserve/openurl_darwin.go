package main

import "os/exec"

// openBrowser opens url in the desktop's browser.
func openBrowser(url string) error {
	return start(exec.Command("open", url))
}
