//go:build !js

package main

import (
	"fmt"
	"io"
	"path/filepath"

	"amilab/app/site"
)

// static writes the complete static site into a directory.
func static(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	flags := newFlags("static", "static DIR", stderr)
	if code := parseFlags(flags, args, 1); code >= 0 {
		return code
	}
	dir := flags.Arg(0)
	c, err := siteConfig()
	if err == nil {
		err = site.Generate(dir, c)
	}
	if err != nil {
		fmt.Fprintf(stderr, "amilab static: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Wrote the static site (%d pages) to %s; how to serve it: %s\n",
		len(c.Pages), dir, filepath.Join(dir, "SERVING.md"))
	return 0
}
