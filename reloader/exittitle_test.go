package reloader

import "testing"

func TestExitTitle(t *testing.T) {
	tests := []struct {
		lines []string
		want  string
	}{
		{nil, "the app exited"},
		{[]string{"listening", "bye"}, "bye"},
		{[]string{"2026/01/02 15:04:05 cannot open config.json: no such file or directory"}, "cannot open config.json: no such file or directory"},
		{[]string{"2026/01/02 15:04:05.123456 listen tcp :8080: bind: address already in use"}, "listen tcp :8080: bind: address already in use"},
		{[]string{
			`time=2026-01-02T15:04:05.000Z level=ERROR msg="cannot open the database" err="dial tcp 127.0.0.1:5432: connect: connection refused"`,
			`time=2026-01-02T15:04:05.001Z level=INFO msg="shutting down" errors=0`,
		}, "cannot open the database: dial tcp 127.0.0.1:5432: connect: connection refused"},
		{[]string{
			`{"time":"2026-01-02T15:04:05Z","level":"ERROR","msg":"migrate","error":"no such table: users"}`,
			`{"time":"2026-01-02T15:04:05Z","level":"INFO","msg":"bye"}`,
		}, "migrate: no such table: users"},
		{[]string{`{"level":"fatal","ts":1.7e9,"caller":"app/main.go:12","msg":"config","err":{"field":"port"}}`}, `config: {"field":"port"}`},
		{[]string{`level=error msg=boom`, `level=info msg="an error count of 3"`}, "boom"},
		{[]string{"3:04PM ERR cannot bind error=\"address in use\"", "3:04PM INF stopped"}, `3:04PM ERR cannot bind error="address in use"`},
		{[]string{"panic: oops [recovered]", "done"}, "panic: oops [recovered]"},
		{[]string{"error: missing DATABASE_URL", "usage: app [flags]"}, "error: missing DATABASE_URL"},
	}
	for _, tt := range tests {
		if got := exitTitle(tt.lines); got != tt.want {
			t.Errorf("exitTitle(%q) = %q, want %q", tt.lines, got, tt.want)
		}
	}
}
