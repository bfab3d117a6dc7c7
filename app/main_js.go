package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"amilab/app/ui"
)

// main starts the browser app: the routes of every page, then go-app's
// event loop, which mounts the page over its prerendered HTML.
func main() {
	ui.Register()
	app.RunWhenOnBrowser()
}
