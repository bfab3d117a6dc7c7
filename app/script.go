//go:build !js

package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"amilab/engine"
	"amilab/engine/cli"
)

// script runs sandbox command lines from a file or standard input through
// one terminal session and prints the transcript. Its exit status is the
// last command's.
func script(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := newFlags("script", "script [--state FILE] FILE|-", stderr)
	state := flags.String("state", "", "load the world from `FILE` when it exists, and save it there afterwards")
	if code := parseFlags(flags, args, 1); code >= 0 {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "amilab script: %v\n", err)
		return 1
	}
	in := stdin
	if name := flags.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		in = f
	}
	w, err := loadWorld(*state)
	if err != nil {
		return fail(err)
	}
	attachGuests(w)
	s := cli.NewSession(w)
	code, err := cli.RunScript(s, in, stdout)
	if err != nil {
		return fail(err)
	}
	if *state != "" {
		if err := saveWorld(*state, s.World); err != nil {
			return fail(err)
		}
	}
	return code
}

// loadWorld loads the saved world in file, or makes a fresh world when file
// is "" or does not exist yet.
func loadWorld(file string) (*engine.World, error) {
	if file == "" {
		return engine.New(engine.Options{}), nil
	}
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return engine.New(engine.Options{}), nil
	}
	if err != nil {
		return nil, err
	}
	w, err := engine.Load(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return w, nil
}

// saveWorld writes the world to file, replacing it only once the whole save
// is written.
func saveWorld(file string, w *engine.World) error {
	data, err := w.Save()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), filepath.Base(file)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}
