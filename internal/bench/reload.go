package main

import "errors"

func runReload(args []string) error { return errors.New("reload benchmark: not written yet") }
