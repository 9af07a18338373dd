// Command simple serves through serving.RunSimple for the tests of
// RunSimple's signal handling. GET /slow?d=DURATION prints "slow started"
// to standard error and answers after DURATION.
package main

import (
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/devserve/devserve/serving"
)

func main() {
	http.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		d, err := time.ParseDuration(r.URL.Query().Get("d"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintln(os.Stderr, "slow started")
		time.Sleep(d)
		fmt.Fprintln(w, "slow done")
	})
	if err := serving.RunSimple(os.Args[1], nil, serving.WithGrace(time.Minute)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "clean exit")
}
