package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"amilab/engine"
	"amilab/engine/cli"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"
)

// TestWasip1MatchesNative builds this command for GOOS=wasip1, runs a story
// through it under wazero and natively, and requires identical transcripts.
func TestWasip1MatchesNative(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a wasip1 binary")
	}
	story, err := os.ReadFile("testdata/story.txt")
	if err != nil {
		t.Fatal(err)
	}
	var native bytes.Buffer
	code, err := cli.RunScript(cli.NewSession(engine.New(engine.Options{})), bytes.NewReader(story), &native)
	if err != nil {
		t.Fatal(err)
	}

	bin := filepath.Join(t.TempDir(), "transcript.wasm")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=wasip1 build: %v\n%s", err, out)
	}
	wasm, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	wasi_snapshot_preview1.MustInstantiate(ctx, rt)
	var guest, stderr bytes.Buffer
	cfg := wazero.NewModuleConfig().WithStdin(bytes.NewReader(story)).WithStdout(&guest).WithStderr(&stderr).WithArgs("transcript")
	_, err = rt.InstantiateWithConfig(ctx, wasm, cfg)
	guestCode := 0
	if exit, ok := err.(*sys.ExitError); ok {
		guestCode = int(exit.ExitCode())
	} else if err != nil {
		t.Fatalf("wasip1 run: %v\n%s", err, stderr.String())
	}
	if guestCode != code {
		t.Fatalf("wasip1 exit status %d, native %d\n%s", guestCode, code, stderr.String())
	}
	if guest.String() != native.String() {
		t.Fatalf("wasip1 transcript differs from native:\n--- native\n%s\n--- wasip1\n%s", native.String(), guest.String())
	}
	if native.Len() < 2000 {
		t.Fatalf("story too short to prove anything (%d bytes)", native.Len())
	}
}
