package cli

import (
	"strings"
	"testing"

	"amilab/engine"
)

// fakeGuests records what the verbs ask of the guest runtime.
type fakeGuests struct{ id, line, path, from string }

func (f *fakeGuests) Booted(*engine.World, string, bool) {}
func (f *fakeGuests) Halted(*engine.World, string)       {}
func (f *fakeGuests) Exec(_ *engine.World, id, line string) (string, int) {
	f.id, f.line = id, line
	return "ran", 3
}
func (f *fakeGuests) HTTP(_ *engine.World, id, path, from string) (int, string) {
	f.id, f.path, f.from = id, path, from
	if id == "i-down" {
		return 0, "This site can’t be reached\n"
	}
	return 200, "<h1>hi</h1>\n"
}

func TestGuestVerbs(t *testing.T) {
	w := engine.New(engine.Options{})
	s := NewSession(w)
	run := func(line string) Result {
		res, ok := s.runGuestVerb(line)
		if !ok {
			t.Fatalf("%q is not a guest verb", line)
		}
		return res
	}
	if res := run("sandbox exec i-1 -- ls"); res.ExitCode != exitSandbox || !strings.Contains(res.Output, "guest runtime is not loaded") {
		t.Fatalf("without a runtime: %+v", res)
	}
	f := &fakeGuests{}
	w.Hooks = f
	res := run(`sandbox exec i-1 -- echo "a  b" > 'f' && cat f`)
	if f.id != "i-1" || f.line != `echo "a  b" > 'f' && cat f` || res.Output != "ran\n" || res.ExitCode != 3 {
		t.Fatalf("exec: %+v %+v", f, res)
	}
	run("  sandbox   exec i-2 uname -a")
	if f.id != "i-2" || f.line != "uname -a" {
		t.Fatalf("exec without --: %+v", f)
	}
	if res := run("sandbox exec"); res.ExitCode != exitSandbox || !strings.Contains(res.Output, "usage: sandbox exec INSTANCE-ID -- COMMAND LINE") {
		t.Fatalf("usage: %+v", res)
	}
	res = run("sandbox http i-1 /index.html")
	if f.path != "/index.html" || f.from != engine.LearnerAddress || res.Output != "HTTP/1.1 200 OK\n\n<h1>hi</h1>\n" || res.ExitCode != 0 {
		t.Fatalf("http: %+v %+v", f, res)
	}
	if run("sandbox http i-1"); f.path != "/" {
		t.Fatalf("http default path: %+v", f)
	}
	if res := run("sandbox http i-down"); res.ExitCode != exitSandbox || !strings.Contains(res.Output, "can’t be reached") {
		t.Fatalf("http unreachable: %+v", res)
	}
	if res := s.Run(`sandbox exec i-1 -- echo "unbalanced`); !strings.Contains(res.Output, "ran") {
		t.Fatalf("the guest's line went through the CLI's tokenizer: %+v", res)
	}
	if _, ok := s.runGuestVerb("sandbox advance 1m"); ok {
		t.Fatal("advance taken for a guest verb")
	}
}
