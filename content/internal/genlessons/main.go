//go:build !js

// Command genlessons writes content/lessons.json, the parsed course that the
// js/wasm build embeds in place of the Markdown files. Run it with
// "go generate ./content" after changing a lesson.
package main

import (
	"fmt"
	"os"

	"amilab/content"
)

func main() {
	b, err := content.MarshalLessons()
	if err == nil {
		err = os.WriteFile("lessons.json", b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genlessons:", err)
		os.Exit(1)
	}
}
