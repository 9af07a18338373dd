package main

import (
	"regexp"
	"testing"
)

func TestConsolePIN(t *testing.T) {
	tests := []struct {
		flag    bool
		env     string
		want    string // a regexp
		wantErr bool
	}{
		{false, "", "^$", false},
		{true, "off", "^$", false},
		{false, "123-456-789", "^123-456-789$", false},
		{true, "", `^\d{9}$`, false},
		{false, "secret", "", true},
	}
	for _, tt := range tests {
		got, err := consolePIN(tt.flag, tt.env, "/src/app")
		if (err != nil) != tt.wantErr || err == nil && !regexp.MustCompile(tt.want).MatchString(got) {
			t.Errorf("consolePIN(%v, %q) = %q, %v; want %s (error: %v)", tt.flag, tt.env, got, err, tt.want, tt.wantErr)
		}
	}
	if a, b := machinePIN("/src/app"), machinePIN("/src/app"); a != b || a == machinePIN("/src/other") {
		t.Errorf("machinePIN = %s, %s, and %s for another app; want it stable for an app and distinct across apps", a, b, machinePIN("/src/other"))
	}
}
