//go:build !js

package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of the tests")

// amilab runs the command line args as the binary would, with stdin.
func amilab(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestScriptTranscript(t *testing.T) {
	out, stderr, code := amilab(t, "", "script", "testdata/script.txt")
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
	golden := filepath.Join("testdata", "script.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("transcript differs from %s (go test ./app -run TestScriptTranscript -update rewrites it):\n%s", golden, out)
	}
	if code == 0 {
		t.Errorf("exit status 0; want the failing last command's status")
	}
}

func TestScriptExitStatusIsTheLastCommands(t *testing.T) {
	if _, _, code := amilab(t, "aws ec2 no-such-operation\nsandbox whoami\n", "script", "-"); code != 0 {
		t.Errorf("last command succeeded, exit status %d", code)
	}
	if out, _, code := amilab(t, "sandbox whoami\naws ec2 no-such-operation\n", "script", "-"); code == 0 {
		t.Errorf("last command failed, exit status 0:\n%s", out)
	}
}

func TestScriptState(t *testing.T) {
	state := filepath.Join(t.TempDir(), "world.json")
	ami, _, _ := amilab(t, "aws ec2 describe-images --owners amazon --query 'Images[0].ImageId' --output text\n", "script", "-")
	ami = strings.TrimSpace(ami[strings.Index(ami, "\n"):])
	launch := "aws ec2 run-instances --image-id " + ami + " --instance-type t3.micro --query 'Instances[0].InstanceId' --output text\n"
	out, stderr, code := amilab(t, launch, "script", "--state", state, "-")
	if code != 0 {
		t.Fatalf("launch: exit status %d\n%s%s", code, out, stderr)
	}
	id := strings.TrimSpace(out[strings.Index(out, "\n"):])
	if !strings.HasPrefix(id, "i-") {
		t.Fatalf("no instance id in the transcript:\n%s", out)
	}
	out, _, _ = amilab(t, "aws ec2 describe-instances --query 'Reservations[].Instances[].InstanceId' --output text\n", "script", "--state", state, "-")
	if !strings.Contains(out, id) {
		t.Errorf("instance %s launched in the saved world is not in the loaded world:\n%s", id, out)
	}
	if err := os.WriteFile(state, []byte("{not a world"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := amilab(t, "sandbox whoami\n", "script", "--state", state, "-"); code == 0 || !strings.Contains(stderr, state) {
		t.Errorf("a corrupt state file: exit status %d, stderr %q; want a failure naming the file", code, stderr)
	}
}

func TestUsage(t *testing.T) {
	if _, stderr, code := amilab(t, "", "nonsense"); code != 2 || !strings.Contains(stderr, "usage:") {
		t.Errorf("unknown command: exit status %d, stderr %q", code, stderr)
	}
	if out, _, code := amilab(t, "", "help"); code != 0 || !strings.Contains(out, "amilab static DIR") {
		t.Errorf("help: exit status %d, output %q", code, out)
	}
	if _, stderr, code := amilab(t, "", "static"); code != 2 || !strings.Contains(stderr, "usage: amilab static DIR") {
		t.Errorf("static without DIR: exit status %d, stderr %q", code, stderr)
	}
	if _, _, code := amilab(t, "", "serve", "--addr"); code != 2 {
		t.Errorf("serve --addr without a value: exit status %d", code)
	}
}
