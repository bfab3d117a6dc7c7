//go:build !js && embedsite

package main

import (
	"embed"
	"io/fs"
)

// embedded is a copy of web/ (app.wasm and its precompressed variants, styles,
// icons, lazily loaded files) that make binary puts in embedded/ before it
// builds with the tag embedsite.
//
//go:embed all:embedded/web
var embedded embed.FS

// webFiles returns the files served under /web/, from the binary itself.
func webFiles() (fs.FS, error) {
	return fs.Sub(embedded, "embedded/web")
}
