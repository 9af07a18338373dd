package reloader_test

import (
	"context"
	"log"

	"github.com/devserve/devserve/reloader"
)

// An engine for a templ and Tailwind project: templ generate runs before
// each build whose .templ sources changed, the Tailwind CLI runs beside
// the app for as long as the engine does, and a change of the stylesheet
// it writes, which the app serves from disk, is a reload of the open
// pages, without a build.
func ExampleEngine_projects() {
	e := &reloader.Engine{
		Package:  "./cmd/web",
		Generate: []reloader.Generator{{Run: "templ generate", Watch: []string{"**/*.templ"}}},
		Processes: []reloader.Process{{
			Name: "css",
			Run:  "npx @tailwindcss/cli -i assets/input.css -o static/app.css --watch",
		}},
		Reload: []string{"static/**"},
		OnEvent: func(ev reloader.Event) {
			if ev.Kind == reloader.Reloaded {
				log.Printf("reload the pages: %v changed", ev.Changed)
			}
		},
	}
	if err := e.Run(context.Background()); err != nil {
		log.Fatal(err)
	}
}
