// Command app is the engine's end-to-end fixture: a web app whose
// responses come from package msg, with handlers that panic and crash.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"

	"example.com/app/msg"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, msg.Text())
	})
	http.HandleFunc("/panic", func(w http.ResponseWriter, r *http.Request) {
		panic("handler panic " + msg.Text())
	})
	http.HandleFunc("/crash", func(w http.ResponseWriter, r *http.Request) {
		go func() { panic("crash " + msg.Text()) }()
		select {}
	})
	http.HandleFunc("/fatal", func(w http.ResponseWriter, r *http.Request) {
		log.Fatal("fatal " + msg.Text())
	})
	log.Fatal(http.ListenAndServe(os.Getenv("DEVSERVE_ADDR"), nil))
}
