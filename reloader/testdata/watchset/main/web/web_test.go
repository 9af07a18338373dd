package web

import "testing"

func TestAssets(t *testing.T) {}
