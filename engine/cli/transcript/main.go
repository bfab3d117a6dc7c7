// Command transcript runs sandbox command lines from standard input on a
// fresh world and prints the terminal transcript. It builds for linux and for
// GOOS=wasip1, so a test can prove that the WebAssembly build of the engine
// behaves exactly like the native one.
package main

import (
	"fmt"
	"os"

	"amilab/engine"
	"amilab/engine/cli"
)

func main() {
	code, err := cli.RunScript(cli.NewSession(engine.New(engine.Options{})), os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "transcript:", err)
		os.Exit(1)
	}
	os.Exit(code)
}
