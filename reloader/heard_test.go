package reloader

import "testing"

func TestHeardAddr(t *testing.T) {
	tests := []struct {
		line string
		want string // "" for none
	}{
		{"listening on :8080", "[::]:8080"},
		{"2026/01/02 15:04:05 Listening on http://127.0.0.1:8585", "127.0.0.1:8585"},
		{"[GIN-debug] Listening and serving HTTP on :8080", "[::]:8080"},
		{"⇨ http server started on [::]:1323", "[::]:1323"},
		{"⇨ https server started on 127.0.0.1:8443", "127.0.0.1:8443"},
		{"Server running at http://localhost:3000/", "127.0.0.1:3000"},
		{"starting server on 0.0.0.0:9000", "0.0.0.0:9000"},
		{"serving at [::1]:4000", "[::1]:4000"},
		{"Listening on port 3000", "[::]:3000"},
		{`time=2026-01-02T15:04:05Z level=INFO msg="server listening" addr=127.0.0.1:8585`, "127.0.0.1:8585"},
		{`{"level":"info","msg":"starting HTTP server","address":":8081"}`, "[::]:8081"},
		{"open http://127.0.0.1:8585 in a browser", "127.0.0.1:8585"},
		{"connecting to postgres://db.example.com:5432/app", ""},
		{"GET https://api.example.com:8443/v1 200", ""},
		{"dial tcp 127.0.0.1:5432: connect: connection refused", ""},
		{"listening on :0", ""},
		{"listening on :70000", ""},
		{"started in 3.2s", ""},
		{"set up a pool on 127.0.0.1:5432", ""},
	}
	for _, tt := range tests {
		a, ok := heardAddr(tt.line)
		got := ""
		if ok {
			got = a.String()
		}
		if got != tt.want {
			t.Errorf("heardAddr(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}
