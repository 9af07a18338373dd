// Command webapp is devserve's sample app: templ pages, a Tailwind
// stylesheet and gin, with a handler that panics to show gin's recovery
// answered with its traceback page.
package main

import (
	"log"
	"os"

	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.Default()
	r.Static("/static", "static")
	r.GET("/", func(c *gin.Context) {
		c.Header("Content-Type", "text/html; charset=utf-8")
		if err := page("gin").Render(c.Request.Context(), c.Writer); err != nil {
			c.Error(err)
		}
	})
	r.GET("/panic", func(c *gin.Context) {
		panic("the sample handler panicked")
	})
	addr := "127.0.0.1:8080"
	if port := os.Getenv("PORT"); port != "" {
		addr = "127.0.0.1:" + port
	}
	log.Fatal(r.Run(addr))
}
