package local_test

import (
	"strings"
	"testing"
	"time"

	"amilab/engine"
	"amilab/guest/internal/guesttest"
	"amilab/guest/local"
	"amilab/guest/machine"
)

// Any command line a learner types ends within the limits, with no crash
// report of the runtime, and leaves a working instance.
func FuzzExec(f *testing.F) {
	for _, s := range []string{"ls -la /", "echo $HOME > x; cat x", "sudo dnf install -y httpd && sudo systemctl enable --now httpd && curl -s localhost",
		"cd /tmp; mkdir -p a/b; mv a c; rm -rf c", "cat <<E\n$(whoami)\nE", "yes | head -n 3", "curl http://169.254.169.254/latest/meta-data/",
		"sudo -i", "exit", "printf '%d %s' 1", "grep -r x /etc", "seq 1 100000 | wc -l", "find / -name '*.conf'", "echo a\x00b"} {
		f.Add(s)
	}
	l := machine.DefaultLimits()
	l.Exec = time.Second
	w := engine.New(engine.Options{})
	g := local.New(guesttest.RuntimeWith(f, l))
	g.Attach(w)
	openPorts(f, w, 22)
	id := launch(f, w, &engine.RunInstancesInput{})
	f.Fuzz(func(t *testing.T, line string) {
		start := time.Now()
		out, code := g.Exec(w, id, line)
		if took := time.Since(start); took > 5*time.Second {
			t.Fatalf("%q took %s", line, took)
		}
		if code == 134 || strings.Contains(out, "internal error") || strings.Contains(out, "goroutine ") {
			t.Fatalf("%q crashed (%d):\n%s", line, code, out)
		}
		if out, code := g.Exec(w, id, "echo ok"); code != 0 || out != "ok\n" {
			if out, code = g.Exec(w, id, "echo ok"); code != 0 || out != "ok\n" { // the session may have ended
				t.Fatalf("after %q: %d %q", line, code, out)
			}
		}
	})
}
