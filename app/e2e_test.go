//go:build !js

package main

import (
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"amilab/app/browsertest"
	"amilab/app/ui"
	"amilab/content"
	"amilab/content/lesson"
	"amilab/engine/cli"
)

func TestMain(m *testing.M) {
	flag.Parse()
	ui.Register()
	os.Exit(m.Run())
}

// ami is Amazon Linux 2023 for x86_64 in us-east-1 in a fresh world.
const ami = "ami-0d4673ef77ba05745"

// firstLesson returns the course's first lesson.
func firstLesson(t *testing.T) *lesson.Lesson {
	t.Helper()
	ls, err := content.Lessons()
	if err != nil || len(ls) == 0 {
		t.Fatalf("no lessons: %v", err)
	}
	return ls[0]
}

// lessonVisible is a JavaScript condition: the lesson's title is on screen,
// not hidden behind anything (go-app's loading screen, say).
func lessonVisible(title string) string {
	return `(() => {
		const h = document.querySelector("#lesson h1");
		if (!h || !h.innerText.includes(` + jsQuote(title) + `)) return false;
		const r = h.getBoundingClientRect();
		const top = document.elementFromPoint(r.left + Math.min(r.width, 40) / 2, r.top + r.height / 2);
		return r.height > 0 && h.contains(top);
	})()`
}

// jsQuote quotes s as a JavaScript string.
func jsQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// runInTerminal types a line into the sandbox terminal and waits until the
// transcript shows want.
func runInTerminal(p *browsertest.Page, line, want string) {
	p.Click("#tab-terminal")
	p.Type("#terminal-input", line+"\r")
	p.WaitText("#terminal-screen", want)
}

// mustRun runs a sandbox command line natively and returns its output,
// trimmed; the line must succeed.
func mustRun(t *testing.T, s *cli.Session, line string) string {
	t.Helper()
	res := s.Run(line)
	if res.ExitCode != 0 {
		t.Fatalf("%s: exit status %d\n%s", line, res.ExitCode, res.Output)
	}
	return strings.TrimSpace(res.Output)
}

// saved returns the saved world of a session.
func saved(t *testing.T, s *cli.Session) []byte {
	t.Helper()
	world, err := s.World.Save()
	if err != nil {
		t.Fatal(err)
	}
	return world
}

// openWithWorld opens the page at path on base with world as the learner's
// saved sandbox, and waits for the app to mount. The world is stored from a
// file of the site, not a page, so that no app can save over it first.
func openWithWorld(p *browsertest.Page, base, path string, world []byte) {
	p.Open(base + "/web/icon.svg")
	browsertest.Eval[bool](p, `localStorage.clear(), localStorage.setItem("amilab/world", `+jsQuote(string(world))+`), true`)
	p.Open(base + path)
	p.WaitMounted()
}

func TestLessonReadableBeforeWasm(t *testing.T) {
	l := firstLesson(t)
	h := browsertest.SiteHandler(t, ui.Pages())
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/web/app.wasm" {
			select { // hold the client back until the lesson has been read
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	defer close(release)

	p := browsertest.NewPage(t)
	p.Open(srv.URL + "/lesson/" + l.Slug)
	p.Wait(lessonVisible(l.Title))
	if !browsertest.Eval[bool](p, `!!document.getElementById("app-wasm-loader")`) {
		t.Fatal("the app mounted although app.wasm was held back")
	}
	release <- struct{}{}
	p.WaitMounted()
	p.Wait(lessonVisible(l.Title))
}

func TestReloadKeepsTheSandbox(t *testing.T) {
	srv := browsertest.StartSite(t, ui.Pages())
	p := browsertest.NewPage(t)
	p.Open(srv.URL + "/sandbox")
	p.WaitMounted()
	runInTerminal(p, "aws ec2 create-key-pair --key-name reload-check --query KeyName --output text", "reload-check")
	p.Reload()
	p.WaitMounted()
	p.WaitText("#terminal-screen", "reload-check")                                                              // the transcript is kept…
	runInTerminal(p, "aws ec2 describe-key-pairs --query 'KeyPairs[].KeyName' --output text", "reload-check\n") // …and the world
}

func TestOffline(t *testing.T) {
	l := firstLesson(t)
	srv := browsertest.StartSite(t, ui.Pages())
	p := browsertest.NewPage(t)
	p.Open(srv.URL + "/")
	p.WaitMounted()
	p.WaitServiceWorker()

	srv.Close()
	p.ClearHTTPCache()
	p.Reload()
	p.WaitMounted()
	p.Open(srv.URL + "/lesson/" + l.Slug) // a page not opened before
	p.Wait(lessonVisible(l.Title))
	p.WaitMounted()
	runInTerminal(p, "sandbox whoami", "us-east-1")
}

func TestStaticSite(t *testing.T) {
	l := firstLesson(t)
	srv := browsertest.StartStatic(t, browsertest.GenerateStatic(t, ui.Pages()))
	p := browsertest.NewPage(t)
	p.Open(srv.URL + "/lesson/" + l.Slug)
	p.Wait(lessonVisible(l.Title))
	p.WaitMounted()
	runInTerminal(p, "sandbox whoami", "us-east-1")
	p.Open(srv.URL + "/sandbox")
	p.WaitMounted()
	p.WaitText("#terminal-screen", "sandbox whoami") // the sandbox of the previous page was saved

	// Offline, too.
	p.WaitServiceWorker()
	srv.Close()
	p.ClearHTTPCache()
	p.Open(srv.URL + "/lesson/" + l.Slug)
	p.Wait(lessonVisible(l.Title))
	p.WaitMounted()
	runInTerminal(p, "aws ec2 describe-key-pairs --key-names offline", "InvalidKeyPair.NotFound")
}
