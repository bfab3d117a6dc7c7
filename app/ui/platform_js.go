package ui

import (
	"errors"
	"time"

	"amilab/guest/client"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// browserStorage keeps saved state in window.localStorage.
type browserStorage struct{}

func newStorage() storage { return browserStorage{} }

func (browserStorage) get(key string) (string, bool) {
	v := app.Window().Get("localStorage").Call("getItem", key)
	if v.IsNull() || v.IsUndefined() {
		return "", false
	}
	return v.String(), true
}

func (browserStorage) set(key, value string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("the browser refused to store more data (storage full or disabled)")
		}
	}()
	app.Window().Get("localStorage").Call("setItem", key, value)
	return nil
}

func (browserStorage) del(key string) {
	app.Window().Get("localStorage").Call("removeItem", key)
}

// download offers data to the learner as a file called name.
func download(name, mime, data string) {
	blob := app.Window().Get("Blob").New([]any{data}, map[string]any{"type": mime})
	url := app.Window().Get("URL").Call("createObjectURL", blob)
	doc := app.Window().Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	var release app.Func
	release = app.FuncOf(func(app.Value, []app.Value) any {
		app.Window().Get("URL").Call("revokeObjectURL", url)
		release.Release()
		return nil
	})
	app.Window().Call("setTimeout", release, 5000)
}

// readChosenFile reads the file chosen in the <input type=file> that fired
// the event, then calls done on the UI goroutine with its text.
func readChosenFile(ctx app.Context, done func(ctx app.Context, name, text string)) {
	input := ctx.JSSrc()
	files := input.Get("files")
	if files.Length() == 0 {
		return
	}
	file := files.Index(0)
	name := file.Get("name").String()
	file.Call("text").Then(func(v app.Value) {
		text := v.String()
		ctx.Dispatch(func(ctx app.Context) { done(ctx, name, text) })
	})
	input.Set("value", "")
}

// startClock calls tick on the UI goroutine every interval with the real time
// elapsed since the previous tick, until ctx is done.
func startClock(ctx app.Context, interval time.Duration, tick func(ctx app.Context, elapsed time.Duration)) {
	ctx.Async(func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		last := time.Now()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-t.C:
				elapsed := now.Sub(last)
				last = now
				ctx.Defer(func(ctx app.Context) { tick(ctx, elapsed) })
			}
		}
	})
}

// onPageHide calls fn when the learner leaves or reloads the page, while
// the page can still save.
func onPageHide(fn func()) {
	app.Window().Call("addEventListener", "pagehide", app.FuncOf(func(app.Value, []app.Value) any {
		fn()
		return nil
	}))
}

// guestFiles is where the guest runtime's worker and programs are served
// (make guest puts them in web/guest/).
const guestFiles = "/web/guest/"

// newGuestRuntime makes the browser's guest runtime: the client of a Web
// Worker that loads with the first run, so a learner who boots no instance
// never downloads it. It calls onUpdate, from a goroutine of its own, when
// it has answers to apply.
var newGuestRuntime = func(onUpdate func()) guestRuntime {
	c := client.New(guestFiles)
	c.OnUpdate = onUpdate
	return c
}
