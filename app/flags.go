//go:build !js

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// newFlags returns the flag set of a subcommand, whose usage line is
// "amilab <synopsis>".
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: amilab %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses a subcommand's flags, which want exactly nargs
// positional arguments. It returns the exit status to return at once, or -1
// to go on.
func parseFlags(fs *flag.FlagSet, args []string, nargs int) int {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		return 2
	case fs.NArg() != nargs:
		fmt.Fprintf(fs.Output(), "amilab %s: want %d argument(s), got %d\n", fs.Name(), nargs, fs.NArg())
		fs.Usage()
		return 2
	}
	return -1
}
