package programs

import "testing"

// The shell's parser takes any text: it parses it or says why not, and
// never panics or loops.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"echo hi > f; cat f | wc -l && ls || true", "cat <<EOF\n$USER $(whoami)\nEOF\n", "a='x' \"$B\" ${C:-d} `e`",
		"2>&1 >> x < y &> z", "if true; then x; fi", "echo $((1+2))", "( sub )", "x=1 y=2 cmd", "\\\n\\", "'", "\"$(", "cat <<-E\n\tE\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		parseScript(src)
	})
}

func TestParse(t *testing.T) {
	list, err := parseScript("echo a && echo b || echo c; x=1 cat < in > out 2>&1 | grep -v x")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || len(list[0].pipes) != 3 || len(list[1].pipes[0].cmds) != 2 {
		t.Fatalf("structure: %d chains", len(list))
	}
	c := list[1].pipes[0].cmds[0]
	if len(c.assigns) != 1 || len(c.redirs) != 3 || len(c.words) != 1 {
		t.Fatalf("command: %+v", c)
	}
	for _, bad := range []string{"echo 'x", "cat <", "| x", "a && ", "if x; then y; fi", "echo $(x", "( x )"} {
		if _, err := parseScript(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
