//go:build !js

// Command amilab is AMI Lab, a teaching sandbox for EC2 instances and AMIs:
// lessons beside a live simulated EC2 sandbox.
//
// Compiled to WebAssembly (GOOS=js) it is the app that runs in the browser.
// Compiled natively it puts that app on the web and runs sandbox scripts:
//
//	amilab [serve] [--addr localhost:8000]     serve the site (the default)
//	amilab static DIR                           write the complete static site into DIR
//	amilab script [--state FILE] FILE|-         run sandbox command lines, print the transcript
//
// Built with `make binary`, the binary embeds the whole site and needs
// nothing else; otherwise it serves web/ from the working directory.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// version is the build's git commit, set with -ldflags "-X main.version=…".
var version string

// command runs one subcommand with its arguments and returns the exit status.
type command func(args []string, stdin io.Reader, stdout, stderr io.Writer) int

// commands are the subcommands by name.
var commands = map[string]command{
	"serve":  serve,
	"static": static,
	"script": script,
}

const usage = `usage:
  amilab [serve] [--addr localhost:8000]   serve AMI Lab (--addr 0.0.0.0:8000 for a classroom)
  amilab static DIR                         write the complete static site into DIR
  amilab script [--state FILE] FILE|-       run sandbox command lines and print the transcript
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches to a subcommand; with no name, or flags first, it serves.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		io.WriteString(stdout, usage)
		return 0
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "amilab: unknown command %q\n%s", name, usage)
		return 2
	}
	return cmd(args, stdin, stdout, stderr)
}
