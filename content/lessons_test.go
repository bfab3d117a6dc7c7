//go:build !js

package content

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"amilab/content/lesson"
	"amilab/engine"
	"amilab/engine/cli"
	"amilab/guest/local"
)

// The course is validated against the real sandbox: every command must be
// one the sandbox knows, following a lesson's run blocks must work, and the
// solution must complete every check, which a fresh sandbox must not.

// guestProgram is the program instances run, as make guest builds it.
const guestProgram = "../web/guest/busybox.wasm"

var (
	guestsOnce sync.Once
	guests     *local.Guests
	guestsErr  error
)

// fresh opens a terminal on a fresh world whose instances run software (the
// native guest runtime), as a learner who has just reset.
func fresh(t *testing.T) *cli.Session {
	t.Helper()
	guestsOnce.Do(func() { guests, guestsErr = local.Open(guestProgram) })
	if guestsErr != nil {
		t.Fatalf("the lessons run software on instances: %v", guestsErr)
	}
	w := engine.New(engine.Options{})
	guests.Attach(w)
	return cli.NewSession(w)
}

var (
	hrefAttr     = regexp.MustCompile(`href="([^"]*)"`)
	idAttr       = regexp.MustCompile(`id="([^"]*)"`)
	serviceError = regexp.MustCompile(`An error occurred \(([A-Za-z0-9.]+)\)`)
)

func TestLessonFiles(t *testing.T) {
	entries, err := files.ReadDir("lessons")
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		if want := fmt.Sprintf("%02d-", i+1); !strings.HasPrefix(e.Name(), want) {
			t.Errorf("lesson file %s: numbers must run 01, 02, … without gaps (expected %s…)", e.Name(), want)
		}
	}
	all, err := Lessons()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(entries) {
		t.Fatalf("%d lessons for %d files", len(all), len(entries))
	}
	for _, l := range all {
		got, err := Lesson(l.Slug)
		if err != nil || got != l {
			t.Errorf("Lesson(%q) = %v, %v", l.Slug, got, err)
		}
	}
	if _, err := Lesson("no-such-lesson"); err == nil {
		t.Error("Lesson found a lesson that does not exist")
	}
}

// TestLessons checks each lesson's front matter, structure and links.
func TestLessons(t *testing.T) {
	all, err := Lessons()
	if err != nil {
		t.Fatal(err)
	}
	slugs := map[string]bool{}
	for _, l := range all {
		slugs[l.Slug] = true
	}
	for _, l := range all {
		t.Run(l.Slug, func(t *testing.T) {
			if l.Summary == "" || l.Minutes == 0 || len(l.Goals) == 0 {
				t.Errorf("front matter needs a summary, minutes and goals: %q, %d, %q", l.Summary, l.Minutes, l.Goals)
			}
			if len(l.Checks) < 2 {
				t.Errorf("%d checks: a lesson needs at least two", len(l.Checks))
			}
			for _, c := range l.Checks {
				if c.Hint == "" {
					t.Errorf("check %q has no hint", c.Label)
				}
			}
			if len(l.Solution) == 0 {
				t.Error("no solution block")
			}
			if strings.Contains(l.HTML, "<h1") {
				t.Error("the body has a level-1 heading; the page shows the title, so sections start at ##")
			}
			ids := map[string]bool{}
			for _, m := range idAttr.FindAllStringSubmatch(l.HTML, -1) {
				ids[m[1]] = true
			}
			for _, m := range hrefAttr.FindAllStringSubmatch(l.HTML, -1) {
				href := m[1]
				switch {
				case strings.HasPrefix(href, "#"):
					if !ids[href[1:]] {
						t.Errorf("link %s: no heading with that id", href)
					}
				case strings.HasPrefix(href, "/lesson/"):
					if !slugs[strings.TrimPrefix(href, "/lesson/")] {
						t.Errorf("link %s: no lesson with that slug", href)
					}
				case strings.HasPrefix(href, "https://"):
				default:
					t.Errorf("link %q: use https://, #anchor or /lesson/<slug>", href)
				}
			}
		})
	}
}

// commands lists every command of a lesson with where it comes from.
func commands(l *lesson.Lesson) map[string]string {
	out := map[string]string{}
	for i, run := range l.Runs {
		for _, c := range run {
			out[c] = fmt.Sprintf("run block %d", i)
		}
	}
	for i, c := range l.Checks {
		out[c.Command] = fmt.Sprintf("check %d", i)
		if c.Instance != "" {
			out[c.ListCommand()] = fmt.Sprintf("check %d (its instances)", i)
		}
	}
	for _, c := range l.Solution {
		out[c] = "solution"
	}
	return out
}

// sandboxVerbs reads the sandbox's verbs from its help text.
func sandboxVerbs(t *testing.T) map[string]bool {
	res := fresh(t).Run("sandbox help")
	verbs := map[string]bool{}
	for _, line := range strings.Split(res.Output, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "sandbox" {
			verbs[f[1]] = true
		}
	}
	if !verbs["advance"] || !verbs["reset"] {
		t.Fatalf("cannot read the sandbox verbs from:\n%s", res.Output)
	}
	return verbs
}

// TestCommandsAreKnown checks that every command tokenizes and names an
// operation or verb the sandbox has.
func TestCommandsAreKnown(t *testing.T) {
	all, err := Lessons()
	if err != nil {
		t.Fatal(err)
	}
	verbs := sandboxVerbs(t)
	for _, l := range all {
		for cmd, where := range commands(l) {
			words, err := cli.Tokenize(cmd)
			if err != nil {
				t.Errorf("%s, %s: %v: %s", l.Slug, where, err, cmd)
				continue
			}
			switch words[0] {
			case "sandbox":
				if !verbs[words[1]] {
					t.Errorf("%s, %s: unknown sandbox verb %q", l.Slug, where, words[1])
				}
			case "aws":
				if res := fresh(t).Run("aws " + words[1] + " " + words[2] + " help"); res.ExitCode != 0 {
					t.Errorf("%s, %s: the sandbox has no command aws %s %s:\n%s", l.Slug, where, words[1], words[2], res.Output)
				}
			default:
				t.Errorf("%s, %s: not a sandbox command: %s", l.Slug, where, cmd)
			}
		}
	}
}

// evaluate runs every check and returns the labels of those that pass and
// of those that fail, with why.
func evaluate(s *cli.Session, l *lesson.Lesson) (passed, failed []string) {
	run := func(line string) (string, int) {
		res := s.Run(line)
		return res.Output, res.ExitCode
	}
	for _, c := range l.Checks {
		if ok, detail := c.Run(run); ok {
			passed = append(passed, c.Label)
		} else {
			failed = append(failed, c.Label+": "+detail)
		}
	}
	return passed, failed
}

// TestSolutions runs each lesson's solution on a fresh sandbox: every command
// must succeed and then every check must pass. On a fresh sandbox, before the
// solution, at least one check must fail.
func TestSolutions(t *testing.T) {
	all, err := Lessons()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		t.Run(l.Slug, func(t *testing.T) {
			s := fresh(t)
			if _, failed := evaluate(s, l); len(failed) == 0 {
				t.Error("every check already passes on a fresh sandbox")
			}
			for _, cmd := range l.Solution {
				if res := s.Run(cmd); res.ExitCode != 0 {
					t.Fatalf("solution command failed (exit %d):\n$ %s\n%s", res.ExitCode, cmd, res.Output)
				}
			}
			if _, failed := evaluate(s, l); len(failed) > 0 {
				t.Errorf("after the solution, checks fail:\n%s", strings.Join(failed, "\n"))
			}
		})
	}
}

// TestRunBlocks follows each lesson's run blocks in order on a fresh
// sandbox, as a learner clicking every Run button would. No command may be
// refused by the CLI or the sandbox; a command may fail with a service error
// only when the lesson names that error's code (it is there to be explained);
// and a lesson with run blocks must be complete once they have all run.
func TestRunBlocks(t *testing.T) {
	all, err := Lessons()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		if len(l.Runs) == 0 {
			continue
		}
		t.Run(l.Slug, func(t *testing.T) {
			s := fresh(t)
			for i, run := range l.Runs {
				for _, cmd := range run {
					res := s.Run(cmd)
					switch res.ExitCode {
					case 0:
					case 254:
						m := serviceError.FindStringSubmatch(res.Output)
						if m == nil || !strings.Contains(l.HTML, m[1]) {
							t.Errorf("run block %d: a service error the lesson does not mention:\n$ %s\n%s", i, cmd, res.Output)
						}
					default:
						t.Errorf("run block %d: command refused (exit %d):\n$ %s\n%s", i, res.ExitCode, cmd, res.Output)
					}
				}
			}
			if _, failed := evaluate(s, l); len(failed) > 0 {
				t.Errorf("after every run block, checks fail:\n%s", strings.Join(failed, "\n"))
			}
		})
	}
}

// TestGeneratedJSON checks that lessons.json, which the js/wasm build embeds,
// matches the lesson files and decodes to the same lessons.
func TestGeneratedJSON(t *testing.T) {
	want, err := MarshalLessons()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("lessons.json")
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("content/lessons.json is out of date: run go generate ./content (%v)", err)
	}
	var decoded []*lesson.Lesson
	if err := json.Unmarshal(got, &decoded); err != nil {
		t.Fatal(err)
	}
	all, _ := Lessons()
	if !reflect.DeepEqual(decoded, all) {
		t.Error("lessons.json does not decode to the parsed lessons")
	}
}
