// Package ui is AMI Lab's user interface: lessons on the left, a live
// simulated EC2 sandbox on the right, built with go-app. The same code
// prerenders pages on the server and runs in the browser as WebAssembly.
//
// Every action the learner takes is a request to the engine or a line run by
// the engine's CLI; the UI keeps no EC2 rule of its own. The world, the
// terminal and lesson progress are one shared state, saved to the browser's
// localStorage after every change.
//
// Elements are built with go-app's generic app.Elem (attributes with Attr)
// rather than its typed constructors such as app.Div: every typed element
// brings its own method set (dozens of methods) into app.wasm, and the
// download size of app.wasm is one of the course's quality bars.
package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Page modes.
const (
	modeCourse  = "course"
	modeLesson  = "lesson"
	modeSandbox = "sandbox"
)

// Register declares the app's routes: "/" (the course), "/sandbox" (the
// sandbox alone) and "/lesson/<slug>" for every lesson.
func Register() {
	app.RouteFunc("/", func() app.Composer { return &Page{Mode: modeCourse} })
	app.RouteFunc("/sandbox", func() app.Composer { return &Page{Mode: modeSandbox} })
	ls, _ := loadLessons()
	for _, l := range ls {
		slug := l.Slug
		app.RouteFunc(lessonPath(slug), func() app.Composer { return &Page{Mode: modeLesson, Slug: slug} })
	}
}

// Pages lists the path of every page Register declares, for prerendering
// and for the offline cache.
func Pages() []string {
	pages := []string{"/", "/sandbox"}
	ls, _ := loadLessons()
	for _, l := range ls {
		pages = append(pages, lessonPath(l.Slug))
	}
	return pages
}

func lessonPath(slug string) string { return "/lesson/" + slug }
