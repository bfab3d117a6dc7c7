//go:build wasip1

// Command busybox is the one program of the sandbox's instances: every
// command on a guest's disk runs one of its applets (see package programs).
// It is built with GOOS=wasip1 GOARCH=wasm and run by the guest runtime.
package main

import (
	"os"
	"runtime/debug"

	"amilab/guest/programs"
)

func main() {
	// A runaway recursion stops with a clear stack overflow well inside the
	// runtime's memory limit.
	debug.SetMaxStack(16 << 20)
	os.Exit(programs.Main(os.Args, os.Environ(), os.Stdin, os.Stdout, os.Stderr))
}
