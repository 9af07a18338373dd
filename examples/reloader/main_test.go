package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestApp(t *testing.T) {
	app, err := newApp()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	defer srv.Close()
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/", http.StatusOK, "<h1>" + greeting() + "</h1>"},
		{"/", http.StatusOK, "process " + strconv.Itoa(os.Getpid())},
		{"/nothing", http.StatusNotFound, "404 page not found"},
	}
	for _, tt := range tests {
		resp, err := http.Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
			t.Errorf("GET %s = %d %q, want %d and %q", tt.path, resp.StatusCode, body, tt.status, tt.want)
		}
	}
}
