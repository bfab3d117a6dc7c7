//go:build !js

package main

import (
	"errors"
	"io/fs"
	"os"
	"sync"

	"amilab/engine"
	"amilab/guest/local"
)

// guestProgram is the guest program's path under web/ (make guest builds it).
const guestProgram = "guest/busybox.wasm"

var (
	guestsOnce sync.Once
	guests     *local.Guests
)

// attachGuests gives a world the guest runtime, so that instances run
// software (boots, sandbox exec, sandbox http). Without the guest program
// the world works as before and those verbs say that no runtime is loaded.
func attachGuests(w *engine.World) {
	guestsOnce.Do(func() {
		if wasm, err := readGuestProgram(); err == nil {
			guests, _ = local.Compile(wasm)
		}
	})
	if guests != nil {
		guests.Attach(w)
	}
}

// readGuestProgram reads the guest program from web/ in the working
// directory or, in a self-contained binary, from the embedded site.
func readGuestProgram() ([]byte, error) {
	if data, err := os.ReadFile("web/" + guestProgram); err == nil {
		return data, nil
	}
	files, err := webFiles()
	if err != nil {
		return nil, err
	}
	data, err := fs.ReadFile(files, guestProgram)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New("no guest program: run make guest")
	}
	return data, err
}
