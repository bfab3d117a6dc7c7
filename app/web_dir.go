//go:build !js && !embedsite

package main

import (
	"fmt"
	"io/fs"
	"os"
)

// webFiles returns the files served under /web/: the web/ directory of the
// working directory (make run runs from the repository's root).
func webFiles() (fs.FS, error) {
	if _, err := os.Stat("web/app.wasm"); err != nil {
		return nil, fmt.Errorf("web/app.wasm not found: run from the repository's root after make wasm, or build a self-contained binary with make binary")
	}
	return os.DirFS("web"), nil
}
