//go:build !js

package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	"amilab/engine"
	"amilab/guest/local"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// nativeGuests stands in for the browser's guest client: the native
// runtime, whose answers wait for Update as the Web Worker's do, except
// with at set: then they come at once, as the client's do when it needs no
// worker to answer (an unknown instance, a closed port).
type nativeGuests struct {
	*local.Guests
	answers []func()
	at      bool
}

func (g *nativeGuests) answer(a func()) {
	if g.at {
		a()
		return
	}
	g.answers = append(g.answers, a)
}

func (g *nativeGuests) ExecAsync(w *engine.World, id, line string, done func(string, int)) {
	out, code := g.Exec(w, id, line)
	g.answer(func() { done(out, code) })
}

func (g *nativeGuests) HTTPAsync(w *engine.World, id, path, from string, done func(int, string)) {
	status, body := g.HTTP(w, id, path, from)
	g.answer(func() { done(status, body) })
}

func (g *nativeGuests) Update(w *engine.World) bool {
	answers := g.answers
	g.answers = nil
	for _, a := range answers {
		a()
	}
	return len(answers) > 0
}

var (
	runtimeOnce sync.Once
	runtime     *local.Guests
	runtimeErr  error
)

// withGuests installs a fresh sandbox whose instances run software, and
// returns it with its runtime.
func withGuests(t *testing.T) (*sandbox, *nativeGuests) {
	t.Helper()
	runtimeOnce.Do(func() { runtime, runtimeErr = local.Open("../../web/guest/busybox.wasm") })
	if runtimeErr != nil {
		t.Fatal(runtimeErr)
	}
	g := &nativeGuests{Guests: runtime}
	newGuestRuntime = func(func()) guestRuntime { return g }
	t.Cleanup(func() { newGuestRuntime = nil })
	return fresh(t), g
}

// answer lets the runtime answer everything asked so far, and what the
// answers ask in turn.
func answer(sb *sandbox, g *nativeGuests) {
	for len(g.answers) > 0 {
		sb.guestUpdated()
	}
}

// launchWeb opens ports 22 and 80 of the default group to the world and
// launches a running Amazon Linux instance.
func launchWeb(t *testing.T, sb *sandbox) string {
	t.Helper()
	mustRun(t, sb, "aws ec2 authorize-security-group-ingress --group-name default --protocol tcp --port 22 --cidr 0.0.0.0/0")
	mustRun(t, sb, "aws ec2 authorize-security-group-ingress --group-name default --protocol tcp --port 80 --cidr 0.0.0.0/0")
	id := mustRun(t, sb, "aws ec2 run-instances --image-id "+al2023+" --instance-type t3.micro --query Instances[0].InstanceId --output text")
	sb.advance(time.Minute)
	return id
}

func TestTerminalLinesWaitForTheInstance(t *testing.T) {
	sb, g := withGuests(t)
	id := launchWeb(t, sb)
	term := &Terminal{}
	d := mount(t, term)

	sb.runAll([]string{
		"sandbox exec " + id + " -- sudo dnf install -y httpd",
		"sandbox whoami",
	})
	d.Consume()
	if !sb.termWaiting || len(sb.termQueue) != 2 {
		t.Fatalf("the exec line does not wait for the instance, or the next line did not wait for it: %q", sb.termQueue)
	}
	html := app.HTMLString(term)
	if strings.Count(html, `data-testid="term-queued"`) != 2 || !strings.Contains(html, "Waiting for the instance") {
		t.Errorf("the waiting lines are not shown")
	}
	n := len(sb.saved.Transcript)
	answer(sb, g)
	tr := sb.saved.Transcript
	if len(tr) != n+2 || !strings.Contains(tr[n].Output, "Complete!") || !strings.Contains(tr[n+1].Output, "123456789012") {
		t.Fatalf("the lines did not run in order after the answer: %+v", tr[n:])
	}

	for _, line := range []string{
		"sandbox exec " + id + " -- echo '<h1>Employee directory</h1>' | sudo tee /var/www/html/index.html",
		"sandbox exec " + id + " -- sudo systemctl enable --now httpd",
		"sandbox http " + id,
	} {
		sb.run(line)
		answer(sb, g)
	}
	if e := lastEntry(t, sb); e.Exit != 0 || !strings.Contains(e.Output, "HTTP/1.1 200 OK") || !strings.Contains(e.Output, "Employee directory") {
		t.Errorf("sandbox http printed %d %q", e.Exit, e.Output)
	}

	// A reset while a line waits interrupts it; its answer changes nothing.
	sb.run("sandbox exec " + id + " -- uptime")
	sb.reset()
	answer(sb, g)
	if e := lastEntry(t, sb); !strings.Contains(e.Output, "interrupted") || sb.termWaiting {
		t.Errorf("the waiting line after a reset: %+v", e)
	}
	if sb.world.Hooks != sb.guests {
		t.Errorf("the new world's boots do not reach the guest runtime")
	}
}

func TestConnectAndBrowse(t *testing.T) {
	sb, g := withGuests(t)
	id := mustRun(t, sb, "aws ec2 run-instances --image-id "+al2023+" --instance-type t3.micro --query Instances[0].InstanceId --output text")
	sb.advance(time.Minute)
	tab := &InstancesTab{}
	d := mount(t, tab)
	sb.toggle(instancesTable, id, true)
	d.Consume()
	html := app.HTMLString(tab)
	for _, b := range []string{`id="action-connect"`, `id="action-browse"`} {
		if tag := tagOf(html, b); !strings.Contains(tag, `disabled="false"`) {
			t.Errorf("%s is missing or disabled with one instance selected: %s", b, tag)
		}
	}

	// Port 22 is closed: ssh times out.
	sb.connect(id)
	d.Consume()
	if html = app.HTMLString(tab); !strings.Contains(html, "Connecting…") {
		t.Errorf("no sign of the connection in progress")
	}
	answer(sb, g)
	d.Consume()
	html = app.HTMLString(tab)
	if !sb.shell.Closed || !strings.Contains(tagOf(html, `id="shell-error"`), `role="alert"`) || !strings.Contains(html, "port 22: Connection timed out") || !strings.Contains(html, `id="shell-reconnect"`) {
		t.Errorf("a closed port 22 does not end the session with ssh's error: %+v", sb.shell)
	}

	// Port 22 open: banner, prompt, commands, logout.
	mustRun(t, sb, "aws ec2 authorize-security-group-ingress --group-name default --protocol tcp --port 22 --cidr 203.0.113.25/32")
	sb.connect(id)
	answer(sb, g)
	sh := sb.shell
	if sh.Closed || !strings.Contains(sh.Banner, "Amazon Linux 2023") || !strings.HasPrefix(sh.Prompt, "[ec2-user@ip-") {
		t.Fatalf("connecting: %+v", sh)
	}
	if !sb.shellRun("whoami") || sb.shellRun("hostname") {
		t.Errorf("a line is refused, or a second one is taken while the first runs")
	}
	answer(sb, g)
	sb.shellRun("sudo -i")
	answer(sb, g)
	if strings.Join(sb.shellHistory, "|") != "whoami|sudo -i" {
		t.Errorf("the session's history is %q", sb.shellHistory)
	}
	if pos, line := recallLine(sb.shellHistory, len(sb.shellHistory), -1); pos != 1 || line != "sudo -i" {
		t.Errorf("up recalls %d %q", pos, line)
	}
	d.Consume()
	html = app.HTMLString(tab)
	if sh.Entries[0].Output != "ec2-user\n" || !strings.HasPrefix(sh.Prompt, "[root@") || !strings.Contains(html, `[ec2-user@ip-`) {
		t.Errorf("the session's lines and prompts: %+v", sh)
	}
	if !strings.Contains(html, `aria-label="Command line on `+id+`"`) {
		t.Errorf("the command line is not labelled")
	}
	sb.shellRun("exit")
	answer(sb, g)
	sb.shellRun("exit")
	answer(sb, g)
	if !sh.Closed || !strings.Contains(sh.Entries[len(sh.Entries)-1].Output, "closed.") {
		t.Errorf("logging out does not end the session: %+v", sh.Entries)
	}

	// The browser view: an error page, then the web server's page.
	sb.browse(id, "/")
	answer(sb, g)
	d.Consume()
	html = app.HTMLString(tab)
	if !strings.Contains(html, `id="browser-error"`) || !strings.Contains(html, "This site can’t be reached") || !strings.Contains(html, "ERR_CONNECTION_TIMED_OUT") {
		t.Errorf("port 80 closed: no browser error page")
	}
	mustRun(t, sb, "aws ec2 authorize-security-group-ingress --group-name default --protocol tcp --port 80 --cidr 0.0.0.0/0")
	for _, line := range []string{"sudo dnf install -y httpd", "echo '<h1>Employee directory</h1>' | sudo tee /var/www/html/index.html", "sudo systemctl enable --now httpd"} {
		sb.run("sandbox exec " + id + " -- " + line)
		answer(sb, g)
	}
	sb.browse(id, "/")
	d.Consume()
	if html = app.HTMLString(tab); !strings.Contains(html, "Loading http://ec2-") {
		t.Errorf("the browser view shows no loading page")
	}
	answer(sb, g)
	d.Consume()
	html = app.HTMLString(tab)
	// go-app prints an empty attribute bare, and srcdoc as it is (the DOM
	// gets it with setAttribute).
	i := strings.Index(html, "<iframe ")
	frame := html[max(i, 0):max(i, strings.Index(html, "</iframe>"))]
	if i < 0 || !strings.Contains(strings.ReplaceAll(frame, ">", " "), " sandbox ") || !strings.Contains(frame, `srcdoc="<h1>Employee directory</h1>`) || !strings.Contains(html, "HTTP 200") {
		t.Errorf("the page is not shown in a sandboxed frame: %s", frame)
	}
}

// The checks of what instances run wait for their answers, then pass; their
// own requests do not make them run again.
func TestInstanceChecksWaitForAnswers(t *testing.T) {
	sb, g := withGuests(t)
	l, _ := sb.lesson("create-image")
	var instanceChecks []int
	for i, c := range l.Checks {
		if c.Instance != "" {
			instanceChecks = append(instanceChecks, i)
		}
	}
	if len(instanceChecks) == 0 {
		t.Fatal("the create-image lesson has no check of what instances run")
	}
	sb.openLesson(l.Slug)
	pane := &LessonPane{Mode: modeLesson, Slug: l.Slug}
	d := mount(t, pane)
	sb.runAll(l.Solution)
	answer(sb, g)
	if len(sb.termQueue) > 0 {
		t.Fatalf("the solution's lines still wait: %q", sb.termQueue)
	}
	sb.settle()
	for _, i := range instanceChecks {
		if !sb.checks[i].Pending {
			t.Errorf("check %d did not wait for the instance: %+v", i, sb.checks[i])
		}
	}
	d.Consume()
	if html := app.HTMLString(pane); strings.Count(html, "Checking on the instance…") != len(instanceChecks) {
		t.Errorf("the waiting checkpoints do not say so")
	}
	answer(sb, g)
	d.Consume()
	if html := app.HTMLString(pane); strings.Contains(html, "Checking on the instance…") || strings.Count(html, `data-state="pass"`) != len(l.Checks) {
		t.Errorf("the answered checkpoints are not all green")
	}
	for i, c := range sb.checks {
		if !c.OK || c.Pending {
			t.Errorf("after the solution, check %d (%s): %+v", i, l.Checks[i].Label, c)
		}
	}
	sb.settle()
	if len(g.answers) > 0 {
		t.Errorf("the checks' own requests started another evaluation")
	}
}

// An answer to the learner's own command is a change the checkpoints must
// see; the runtime's answers alone are not.
func TestAnswersToTheLearnerReachTheCheckpoints(t *testing.T) {
	sb, g := withGuests(t)
	id := launchWeb(t, sb)
	sb.settle()
	sb.connect(id)
	answer(sb, g)
	sb.settle()
	sb.shellRun("touch notes.txt")
	sb.unchecked = false
	answer(sb, g)
	if !sb.unchecked {
		t.Errorf("a line run over ssh does not make the checkpoints run again")
	}
}

// Answers that come at once complete the line at once, in order.
func TestImmediateAnswers(t *testing.T) {
	sb, g := withGuests(t)
	g.at = true
	sb.runAll([]string{"sandbox exec i-0123456789abcdef0 -- uptime", "sandbox http i-0123456789abcdef0", "sandbox whoami"})
	tr := sb.saved.Transcript
	if len(sb.termQueue) > 0 || sb.termWaiting || len(tr) != 3 {
		t.Fatalf("lines answered at once still wait: %q, transcript %+v", sb.termQueue, tr)
	}
	if !strings.Contains(tr[0].Output, "ssh: Could not resolve hostname") || tr[0].Exit != 255 || !strings.Contains(tr[1].Output, "This site can’t be reached") {
		t.Errorf("transcript %+v", tr)
	}
	sb.connect("i-0123456789abcdef0")
	if sh := sb.shell; !sh.Closed || sh.Waiting || sh.Banner != "" || !strings.Contains(sh.Error, "Could not resolve") {
		t.Errorf("connecting to no instance: %+v", sh)
	}
}
