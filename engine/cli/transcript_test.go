package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"amilab/engine"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/*.txt")

// A transcript (testdata/*.txt) is a sequence of commands, each a line
// starting with "$ ", followed by the output expected from it and, when it
// fails, a line "[exit N]". Every transcript runs in a fresh session on a
// fresh world. Two shell forms make transcripts independent of generated
// ids: "$ NAME=$(command)" runs command and keeps its output (trimmed) in
// NAME, printing nothing when it succeeds, and ${NAME} in a command is
// replaced by the kept value.
func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			steps := parseTranscript(string(data))
			got := runTranscript(steps)
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := string(data); got != want {
				t.Errorf("%s differs (run with -update to accept):\n%s", file, firstDiff(want, got))
			}
		})
	}
}

type step struct{ command, output string }

func parseTranscript(s string) []step {
	var steps []step
	for _, line := range strings.SplitAfter(s, "\n") {
		if line == "" {
			continue
		}
		if cmd, ok := strings.CutPrefix(line, "$ "); ok {
			steps = append(steps, step{command: strings.TrimSuffix(cmd, "\n")})
			continue
		}
		if len(steps) > 0 {
			steps[len(steps)-1].output += line
		}
	}
	return steps
}

var (
	assignment = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=\$\((.*)\)$`)
	reference  = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)
)

// runTranscript runs the commands and returns the transcript with the
// output they produce.
func runTranscript(steps []step) string {
	s := NewSession(engine.New(engine.Options{}))
	vars := map[string]string{}
	var b strings.Builder
	for _, st := range steps {
		b.WriteString("$ " + st.command + "\n")
		line := reference.ReplaceAllStringFunc(st.command, func(m string) string {
			return vars[m[2:len(m)-1]]
		})
		name := ""
		if m := assignment.FindStringSubmatch(line); m != nil {
			name, line = m[1], m[2]
		}
		res := s.Run(line)
		if name != "" {
			vars[name] = strings.TrimSpace(res.Output)
			if res.ExitCode == 0 {
				continue
			}
		}
		b.WriteString(res.Output)
		if res.ExitCode != 0 {
			b.WriteString("[exit " + strconv.Itoa(res.ExitCode) + "]\n")
		}
	}
	return b.String()
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant: %q\ngot:  %q", i+1, w, g)
		}
	}
	return "(no difference)"
}
