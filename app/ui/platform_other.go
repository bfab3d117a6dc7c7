//go:build !js

package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// memoryStorage stands in for the browser's localStorage outside a browser
// (server-side prerendering and tests).
type memoryStorage struct{ items map[string]string }

func newStorage() storage { return &memoryStorage{items: map[string]string{}} }

func (m *memoryStorage) get(key string) (string, bool) {
	v, ok := m.items[key]
	return v, ok
}

func (m *memoryStorage) set(key, value string) error {
	m.items[key] = value
	return nil
}

func (m *memoryStorage) del(key string) { delete(m.items, key) }

// download does nothing outside a browser.
func download(name, mime, data string) {}

// readChosenFile does nothing outside a browser.
func readChosenFile(ctx app.Context, done func(ctx app.Context, name, text string)) {}

// startClock does nothing outside a browser: tests move the clock themselves.
func startClock(ctx app.Context, interval time.Duration, tick func(ctx app.Context, elapsed time.Duration)) {
}

// onPageHide does nothing outside a browser.
func onPageHide(fn func()) {}

// newGuestRuntime is nil outside a browser: prerendered pages run no
// software on instances (tests set a native runtime).
var newGuestRuntime func(onUpdate func()) guestRuntime
