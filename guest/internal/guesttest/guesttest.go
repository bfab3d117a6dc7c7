// Package guesttest builds the guest program and a runtime for tests, once
// per test binary.
package guesttest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"amilab/guest/machine"

	"github.com/tetratelabs/wazero"
)

var (
	once    sync.Once
	wasm    []byte
	rt      *machine.Runtime
	onceErr error
)

// Wasm is the guest program (GOOS=wasip1), built from this tree.
func Wasm(t testing.TB) []byte {
	t.Helper()
	build()
	if onceErr != nil {
		t.Fatalf("building the guest program: %v", onceErr)
	}
	return wasm
}

// Runtime is a native runtime (wazero's compiler, with the default limits)
// shared by the tests of a package.
func Runtime(t testing.TB) *machine.Runtime {
	t.Helper()
	build()
	if onceErr != nil {
		t.Fatalf("building the guest runtime: %v", onceErr)
	}
	return rt
}

// RuntimeWith is a native runtime with other limits (compiled code comes
// from the disk cache the shared runtime filled).
func RuntimeWith(t testing.TB, l machine.Limits) *machine.Runtime {
	t.Helper()
	r, err := machine.New(context.Background(), Wasm(t), machine.Options{Limits: l, Cache: cache()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(context.Background()) })
	return r
}

// cache is the compilation cache on disk, shared by test runs.
func cache() wazero.CompilationCache {
	dir, err := os.UserCacheDir()
	if err != nil {
		return nil
	}
	c, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "amilab", "wazero"))
	if err != nil {
		return nil
	}
	return c
}

func build() {
	once.Do(func() {
		dir, err := os.MkdirTemp("", "amilab-guest")
		if err != nil {
			onceErr = err
			return
		}
		defer os.RemoveAll(dir)
		out := filepath.Join(dir, "busybox.wasm")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "amilab/guest/busybox")
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
		if msg, err := cmd.CombinedOutput(); err != nil {
			onceErr = &buildError{string(msg), err}
			return
		}
		if wasm, onceErr = os.ReadFile(out); onceErr != nil {
			return
		}
		rt, onceErr = machine.New(context.Background(), wasm, machine.Options{Cache: cache()})
	})
}

type buildError struct {
	output string
	err    error
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.output }
