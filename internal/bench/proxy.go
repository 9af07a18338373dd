package main

import "errors"

func runProxy(args []string) error { return errors.New("proxy benchmark: not written yet") }
