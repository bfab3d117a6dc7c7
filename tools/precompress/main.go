// Command precompress writes brotli and gzip variants beside every .wasm file
// of the directories it is given (make wasm runs it on web/), skipping
// variants that are already up to date.
package main

import (
	"fmt"
	"os"

	"amilab/app/site"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: precompress DIR...")
		os.Exit(2)
	}
	for _, dir := range os.Args[1:] {
		if err := site.Precompress(dir); err != nil {
			fmt.Fprintln(os.Stderr, "precompress:", err)
			os.Exit(1)
		}
	}
}
