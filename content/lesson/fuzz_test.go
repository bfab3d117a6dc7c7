//go:build !js

package lesson

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzParse checks that Parse never panics and that whatever it accepts
// renders to safe HTML with one placeholder per run and check.
func FuzzParse(f *testing.F) {
	f.Add([]byte(front + "# Hi\n\n[x](javascript:alert(1)) <script>x</script>\n"))
	f.Add([]byte(front + "```run\naws ec2 describe-images --owners amazon\n```\n\n```check\nlabel: L\ncommand: aws ec2 describe-instances\nexpect: >= 1\nhint: H\n```\n\n```solution\nsandbox advance 2m\n```\n"))
	f.Add([]byte(front + "| a | b |\n|---|---|\n| ~~c~~ | www.example.com |\n\n> quote\n\n- [link](#anchor)\n"))
	f.Add([]byte("---\ntitle: &a T\nsummary: *a\n---\n"))
	if files, _ := filepath.Glob("../lessons/*.md"); len(files) > 0 {
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// A watchdog turns a hang into a crash, which the fuzzer records.
		watchdog := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("Parse hangs on %q", src)) })
		defer watchdog.Stop()
		l, err := Parse("01-fuzz.md", src)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		assertSafe(t, l.HTML)
		if n := strings.Count(l.HTML, `<div class="run-block" data-run="`); n != len(l.Runs) {
			t.Fatalf("%d run placeholders for %d runs", n, len(l.Runs))
		}
		if n := strings.Count(l.HTML, `<div class="check" data-check="`); n != len(l.Checks) {
			t.Fatalf("%d check placeholders for %d checks", n, len(l.Checks))
		}
		if l.Title == "" {
			t.Fatal("accepted a lesson without a title")
		}
		for _, c := range l.Checks {
			c.Evaluate(string(src), 0)
			c.Run(func(string) (string, int) { return string(src), 0 })
		}
	})
}

// FuzzEvaluate checks that evaluating any expectation against any output
// never panics and always explains its verdict.
func FuzzEvaluate(f *testing.F) {
	f.Add(">= 2", "3", 0)
	f.Add(`contains "ami-"`, `["ami-0123"]`, 0)
	f.Add(`== {"a": [1, 2.0]}`, `{"a": [1, 2]}`, 0)
	f.Add(`not contains x`, "x", 254)
	f.Fuzz(func(t *testing.T, expect, output string, exit int) {
		ok, detail := Check{Expect: expect}.Evaluate(output, exit)
		if detail == "" {
			t.Fatal("empty detail")
		}
		if ok && exit != 0 {
			t.Fatal("a failed command passed a check")
		}
	})
}
