package ui

import (
	"strings"
	"testing"
	"time"

	"amilab/engine"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

const al2023 = "ami-0d4673ef77ba05745" // Amazon Linux 2023, x86_64, in us-east-1 of a fresh world

// fresh installs a sandbox over empty storage as the app's sandbox.
func fresh(t *testing.T) *sandbox {
	t.Helper()
	return install(t, newStorage())
}

// install opens the sandbox saved in st as the app's sandbox.
func install(t *testing.T, st storage) *sandbox {
	t.Helper()
	shared = openSandbox(st)
	t.Cleanup(func() { shared = nil })
	return shared
}

// mount mounts a component as a browser would and returns its dispatcher.
func mount(t *testing.T, c app.UI) app.ClientDispatcher {
	t.Helper()
	d := app.NewClientTester(c)
	t.Cleanup(d.Close)
	return d
}

// tagOf returns the opening tag of the element that has attr.
func tagOf(html, attr string) string {
	i := strings.Index(html, attr)
	if i < 0 {
		return ""
	}
	start := strings.LastIndexByte(html[:i], '<')
	end := strings.IndexByte(html[i:], '>')
	return html[start : i+end+1]
}

// mustRun runs a terminal line and fails the test when it fails.
func mustRun(t *testing.T, sb *sandbox, line string) string {
	t.Helper()
	sb.run(line)
	e := lastEntry(t, sb)
	if e.Exit != 0 {
		t.Fatalf("%s: exit %d: %s", line, e.Exit, e.Output)
	}
	return strings.TrimSpace(e.Output)
}

// lastEntry is the terminal's last answered line; no line may be waiting.
func lastEntry(t *testing.T, sb *sandbox) termEntry {
	t.Helper()
	if len(sb.termQueue) > 0 {
		t.Fatalf("terminal lines wait for an answer: %q", sb.termQueue)
	}
	return sb.saved.Transcript[len(sb.saved.Transcript)-1]
}

func TestSplitLesson(t *testing.T) {
	html := `<div class="lesson-body">
<h1 id="x">Title</h1>
<p>Text with &lt;div class="check" data-check="9"&gt; in it.<br>and a break</p>
<div class="run-block" data-run="0"><pre><code>aws ec2 describe-images
</code></pre></div>
<div class="check" data-check="0">Two instances run</div>
<ul>
<li><p>item</p>
<div class="run-block" data-run="1"><pre><code>sandbox whoami</code></pre></div>
<div class="check" data-check="1">Nested</div>
</li>
</ul>
<hr />
</div>`
	parts := splitLesson(html)
	if len(parts) != 3 {
		t.Fatalf("got %d parts, want prose, checkpoint 0, prose: %+v", len(parts), parts)
	}
	if parts[0].Check != -1 || parts[1].Check != 0 || parts[2].Check != -1 {
		t.Errorf("parts are %+v", parts)
	}
	for _, p := range []lessonPart{parts[0], parts[2]} {
		if !strings.HasPrefix(p.HTML, `<div class="lesson-part">`) || !strings.HasSuffix(p.HTML, `</div>`) {
			t.Errorf("a prose part has no single root: %s", p.HTML)
		}
	}
	if !strings.Contains(parts[0].HTML, `<button type="button" class="run-btn" data-run="0"`) {
		t.Errorf("run block 0 has no Run button: %s", parts[0].HTML)
	}
	if !strings.Contains(parts[2].HTML, `data-run="1"`) || !strings.Contains(parts[2].HTML, `data-check="1"`) {
		t.Errorf("the nested run block and checkpoint are not kept in their list: %s", parts[2].HTML)
	}
	if strings.Contains(parts[2].HTML, "<hr") == false {
		t.Errorf("the content after the list is lost: %s", parts[2].HTML)
	}
}

func TestPrerenderedLesson(t *testing.T) {
	ls, _ := loadLessons()
	l := ls[0]
	page := &Page{Mode: modeLesson, Slug: l.Slug}
	d := app.NewServerTester(page)
	defer d.Close()
	html := app.HTMLString(page)
	for _, want := range []string{
		l.Title,
		`class="run-btn" data-run="0"`,
		` id="check-0"`,
		` id="tab-instances"`,
		` id="clock"`,
		` id="splitter"`,
		`href="/lesson/` + ls[1].Slug + `"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("prerendered lesson has no %s", want)
		}
	}
}

func TestCourseAndSandboxPages(t *testing.T) {
	fresh(t)
	course := &Page{Mode: modeCourse}
	d := mount(t, course)
	html := app.HTMLString(course)
	ls, _ := loadLessons()
	for _, l := range ls {
		if !strings.Contains(html, `data-testid="lesson-card-`+l.Slug+`"`) {
			t.Errorf("the course lists no card for %s", l.Slug)
		}
	}
	if strings.Contains(html, `data-testid="resume"`) {
		t.Errorf("a new learner is offered to continue a lesson")
	}
	shared.openLesson(ls[1].Slug)
	shared.changed(changeView)
	d.Consume()
	if html = app.HTMLString(course); !strings.Contains(html, `data-testid="resume"`) {
		t.Errorf("the course does not offer to continue with the lesson opened last")
	}
	sandboxOnly := &Page{Mode: modeSandbox}
	mount(t, sandboxOnly)
	html = app.HTMLString(sandboxOnly)
	if strings.Contains(html, `id="lesson-pane"`) || !strings.Contains(html, `id="sandbox"`) {
		t.Errorf("the sandbox page shows a lesson pane or no sandbox")
	}
	if got := Pages(); len(got) != len(ls)+2 || got[0] != "/" || got[1] != "/sandbox" || got[2] != "/lesson/"+ls[0].Slug {
		t.Errorf("Pages() = %v", got)
	}
}

func TestCheckpointShowsHintAfterFailedCheck(t *testing.T) {
	sb := fresh(t)
	l := sb.lessons[0]
	pane := &LessonPane{Mode: modeLesson, Slug: l.Slug}
	d := mount(t, pane)
	sb.openLesson(l.Slug)
	sb.check(1)
	d.Consume()
	html := app.HTMLString(pane)
	if got := tagOf(html, ` id="check-1"`); !strings.Contains(got, `data-state="fail"`) {
		t.Errorf("checkpoint 1 is not failed: %s", got)
	}
	if !strings.Contains(html, `data-testid="check-1-hint"`) {
		t.Errorf("checkpoint 1 shows no hint")
	}
	if got := tagOf(html, ` id="check-0"`); !strings.Contains(got, `data-state="todo"`) {
		t.Errorf("checkpoint 0, never checked by hand, is not neutral: %s", got)
	}

	// The world changes; settling evaluates again and the checkpoint passes.
	mustRun(t, sb, "aws ec2 run-instances --image-id "+al2023+" --instance-type t3.micro")
	sb.advance(time.Minute)
	sb.settle()
	d.Consume()
	html = app.HTMLString(pane)
	if got := tagOf(html, ` id="check-0"`); !strings.Contains(got, `data-state="pass"`) {
		t.Errorf("checkpoint 0 does not pass once an instance runs: %s", got)
	}
	if !strings.Contains(html, `aria-label="1 of 2 checkpoints passed"`) {
		t.Errorf("the table of contents does not count the passed checkpoint")
	}
}

func TestSavedSandboxSurvivesReload(t *testing.T) {
	st := newStorage()
	sb := install(t, st)
	sb.openLesson(sb.lessons[0].Slug)
	id := mustRun(t, sb, "aws ec2 run-instances --image-id "+al2023+" --instance-type t3.micro --query Instances[0].InstanceId --output text")
	sb.advance(time.Minute)
	sb.setTab(tabMap)
	sb.setRegion("eu-west-1")
	sb.settle()

	again := install(t, st)
	if again.saved.Tab != tabMap || again.saved.Region != "eu-west-1" || again.term.Region != "eu-west-1" {
		t.Errorf("the view was not kept: tab %s, region %s, terminal region %s", again.saved.Tab, again.saved.Region, again.term.Region)
	}
	if !again.world.Now().Equal(sb.world.Now()) {
		t.Errorf("the clock was not kept: %v, want %v", again.world.Now(), sb.world.Now())
	}
	in, ok := again.world.InstanceView(engine.Caller{Account: engine.LearnerAccount, Region: "us-east-1"}, id)
	if !ok || in.State.Name != "running" {
		t.Errorf("instance %s was not kept running: %+v", id, in.State)
	}
	if n := len(again.saved.Transcript); n != 1 || !strings.Contains(again.saved.Transcript[0].Line, "run-instances") {
		t.Errorf("the transcript was not kept: %+v", again.saved.Transcript)
	}
	if p := again.saved.Progress[sb.lessons[0].Slug]; p == nil || !p.Passed[0] {
		t.Errorf("the passed checkpoint was not kept: %+v", p)
	}
}

func TestUnreadableSavedWorld(t *testing.T) {
	st := newStorage()
	st.set(keyWorld, `{"format": "amilab-world", "version": 999`)
	sb := install(t, st)
	if sb.notice == nil || !sb.notice.Error || sb.notice.Data != `{"format": "amilab-world", "version": 999` {
		t.Fatalf("no notice offers the unreadable data: %+v", sb.notice)
	}
	if out := mustRun(t, sb, "aws ec2 describe-instances --query length(Reservations)"); out != "0" {
		t.Errorf("the fresh world is not empty: %s", out)
	}
	sb.settle()
	if _, ok := st.get(keyUnreadable); !ok {
		t.Errorf("the unreadable data was dropped before the learner dismissed the notice")
	}
	again := install(t, st)
	if again.notice == nil || again.notice.Data == "" {
		t.Errorf("the notice is gone after a reload, before it was dismissed")
	}
	notices := &Notices{}
	d := mount(t, notices)
	if html := app.HTMLString(notices); !strings.Contains(html, `id="notice-download"`) {
		t.Errorf("the notice offers no download: %s", html)
	}
	again.dismiss()
	d.Consume()
	if _, ok := st.get(keyUnreadable); ok || again.notice != nil {
		t.Errorf("dismissing kept the unreadable data")
	}
	if html := app.HTMLString(notices); strings.Contains(html, `data-testid="notice"`) {
		t.Errorf("the notice is still shown: %s", html)
	}
}

func TestImportExportResetUndo(t *testing.T) {
	sb := fresh(t)
	mustRun(t, sb, "aws ec2 run-instances --image-id "+al2023+" --instance-type t3.micro")
	name, data, err := sb.exportWorld()
	if err != nil || !strings.HasPrefix(name, "amilab-sandbox-") || !strings.HasSuffix(name, ".json") {
		t.Fatalf("export: %q, %v", name, err)
	}
	before := sb.world
	sb.importWorld("broken.json", `{"format": "amilab-world"`)
	if sb.world != before || sb.notice == nil || !sb.notice.Error || !strings.Contains(sb.notice.Text, "broken.json") {
		t.Errorf("a broken import changed the world or was not reported: %+v", sb.notice)
	}
	sb.reset()
	if out := mustRun(t, sb, "aws ec2 describe-instances --query length(Reservations)"); out != "0" {
		t.Errorf("the reset world has instances: %s", out)
	}
	sb.importWorld("mine.json", data)
	if out := mustRun(t, sb, "aws ec2 describe-instances --query length(Reservations)"); out != "1" {
		t.Errorf("the imported world has %s reservations, want 1", out)
	}
	sb.reset()
	sb.undo()
	if out := mustRun(t, sb, "aws ec2 describe-instances --query length(Reservations)"); out != "1" {
		t.Errorf("undo did not bring the world back: %s reservations", out)
	}
}

func TestInstancesTabSelectionAndActions(t *testing.T) {
	sb := fresh(t)
	out := mustRun(t, sb, "aws ec2 run-instances --image-id "+al2023+" --instance-type t3.micro --count 2 --query Instances[].InstanceId --output text")
	ids := strings.Fields(out)
	tab := &InstancesTab{}
	d := mount(t, tab)
	html := app.HTMLString(tab)
	for _, id := range ids {
		if got := tagOf(html, `data-instance-id="`+id+`"`); !strings.Contains(got, `aria-selected="false"`) {
			t.Errorf("row of %s: %s", id, got)
		}
	}
	if !strings.Contains(html, `<span class="badge pending">pending</span>`) {
		t.Errorf("no pending badge")
	}

	sb.toggle(instancesTable, ids[1], true)
	d.Consume()
	html = app.HTMLString(tab)
	// go-app prints an attribute whose value is "true" bare.
	if got := tagOf(html, `data-instance-id="`+ids[1]+`"`); strings.Contains(got, `aria-selected="false"`) {
		t.Errorf("the selected row is not marked: %s", got)
	}
	if !strings.Contains(html, `id="instance-details"`) {
		t.Errorf("one selected instance shows no details")
	}

	// Stopping a pending instance is the engine's error, shown in place.
	err := sb.do(func(w *engine.World, c engine.Caller) error {
		_, err := w.StopInstances(c, &engine.StopInstancesInput{InstanceIds: []string{ids[1]}})
		return err
	})
	tab.report(outcomeOf("", err))
	d.Consume()
	if html = app.HTMLString(tab); !strings.Contains(html, "IncorrectInstanceState") {
		t.Errorf("the engine's error is not shown")
	}
	sb.advance(time.Minute)
	d.Consume()
	if html = app.HTMLString(tab); strings.Count(html, `<span class="badge running">running</span>`) != 2 {
		t.Errorf("the rows do not follow the clock to running")
	}
}

func TestRowCacheSharesUnchangedRows(t *testing.T) {
	sb := fresh(t)
	mustRun(t, sb, "aws ec2 run-instances --image-id "+al2023+" --instance-type t3.micro --count 3")
	var c rowCache
	builds := 0
	build := func() []row { builds++; return instanceRows(sb) }
	a, keys := c.get(sb, instancesTable, "", build)
	sb.toggle(instancesTable, keys[0], false)
	b, _ := c.get(sb, instancesTable, "", build)
	if builds != 1 || !b[0].Selected || a[0].Selected || &a[1].Cells[0] != &b[1].Cells[0] {
		t.Errorf("a selection change rebuilt the rows or lost the selection (builds %d)", builds)
	}
	mustRun(t, sb, "aws ec2 create-tags --resources "+keys[2]+" --tags Key=Name,Value=web")
	d, _ := c.get(sb, instancesTable, "", build)
	if builds != 2 || d[2].Cells[0].Text != "web" {
		t.Errorf("a world change did not rebuild the rows")
	}
	if &d[1].Cells[0] != &b[1].Cells[0] || &d[2].Cells[0] == &b[2].Cells[0] {
		t.Errorf("an unchanged row does not share its cells, or a changed one does")
	}
}

func TestLaunchDraftRequest(t *testing.T) {
	sb := fresh(t)
	sb.openLaunch(al2023)
	d := sb.draft
	if d.Category != catQuickStart || d.GroupID == "" {
		t.Errorf("the wizard opens on %q with group %q", d.Category, d.GroupID)
	}
	d.Name, d.Count, d.Type = "web", 2, "m5d.large"
	d.Tags = []engine.Tag{{Key: "team", Value: "blue"}, {}}
	d.Volumes = []draftVolume{{Device: "/dev/sdf", SizeGB: 20, Type: "gp3", DeleteOnTermination: true}}
	d.RootSize, d.MapStore = 12, true
	var ids []string
	err := sb.do(func(w *engine.World, c engine.Caller) error {
		out, err := w.RunInstances(c, d.request(&engine.Image{RootDeviceName: "/dev/xvda"}))
		for _, in := range out.Instances {
			ids = append(ids, in.InstanceId)
		}
		return err
	})
	if err != nil || len(ids) != 2 {
		t.Fatalf("launch: %v (%d instances)", err, len(ids))
	}
	disks := sb.world.Disks(ids[0])
	var root, extra, store bool
	for _, dk := range disks {
		switch {
		case dk.Root && dk.SizeGB == 12:
			root = true
		case dk.Device == "/dev/sdf" && dk.SizeGB == 20:
			extra = true
		case dk.InstanceStore && dk.VirtualName == "ephemeral0":
			store = true
		}
	}
	if !root || !extra || !store {
		t.Errorf("devices %+v: root 12 GiB %v, extra volume %v, instance store %v", disks, root, extra, store)
	}
	in, _ := sb.world.InstanceView(sb.caller(), ids[0])
	if tagValue(in.Tags, "Name") != "web" || tagValue(in.Tags, "team") != "blue" {
		t.Errorf("tags %+v", in.Tags)
	}
}

func TestTerminalCompletionAndHistory(t *testing.T) {
	sb := fresh(t)
	term := &Terminal{}
	d := mount(t, term)
	term.input = "aws ec2 describe-ins"
	if !term.complete() || !strings.HasPrefix(term.input, "aws ec2 describe-instance") || len(term.completions) < 2 {
		t.Errorf("completing describe-ins gave %q and %v", term.input, term.completions)
	}
	term.input = "aws ec2 describe-regi"
	term.complete()
	if term.input != "aws ec2 describe-regions " || term.completions != nil {
		t.Errorf("the only candidate was not taken: %q %v", term.input, term.completions)
	}
	term.input = "aws ec2 describe-regions --query Regions[0].RegionName"
	term.submit()
	term.input = "sandbox whoami"
	term.submit()
	d.Consume()
	if n := len(sb.saved.Transcript); n != 2 || sb.saved.Transcript[0].Output == "" {
		t.Fatalf("transcript: %+v", sb.saved.Transcript)
	}
	html := app.HTMLString(term)
	if !strings.Contains(html, "$ sandbox whoami") || !strings.Contains(html, "123456789012") {
		t.Errorf("the transcript does not show the line and its output")
	}
	term.recall(-1)
	if term.input != "sandbox whoami" {
		t.Errorf("up recalls %q", term.input)
	}
	term.recall(-1)
	term.recall(-1)
	if !strings.HasPrefix(term.input, "aws ec2 describe-regions") {
		t.Errorf("up twice recalls %q", term.input)
	}
	term.recall(1)
	term.recall(1)
	if term.input != "" {
		t.Errorf("down past the newest gives %q", term.input)
	}
}

func TestMapShowsLineageAcrossRegions(t *testing.T) {
	sb := fresh(t)
	id := mustRun(t, sb, "aws ec2 run-instances --image-id "+al2023+" --instance-type t3.micro --query Instances[0].InstanceId --output text")
	mustRun(t, sb, "sandbox advance 1m")
	image := mustRun(t, sb, "aws ec2 create-image --instance-id "+id+" --name golden --query ImageId --output text")
	mustRun(t, sb, "sandbox advance 5m")
	cp := mustRun(t, sb, "aws ec2 copy-image --region eu-west-1 --source-region us-east-1 --source-image-id "+image+" --name golden --query ImageId --output text")
	mustRun(t, sb, "sandbox advance 5m")
	child := mustRun(t, sb, "aws ec2 run-instances --region eu-west-1 --image-id "+cp+" --instance-type t3.micro --query Instances[0].InstanceId --output text")

	g := buildLineage(sb)
	want := []mapEdge{{From: al2023, To: id}, {From: id, To: image}, {From: image, To: cp, Copy: true}, {From: cp, To: child}}
	for _, e := range want {
		found := false
		for _, got := range g.edges {
			found = found || got == e
		}
		if !found {
			t.Errorf("no edge %+v in %+v", e, g.edges)
		}
	}
	if g.nodes[child].Region != "eu-west-1" || g.nodes[child].Depth != 4 {
		t.Errorf("the grandchild is %+v", g.nodes[child])
	}
	tab := &MapTab{}
	mount(t, tab)
	html := app.HTMLString(tab)
	if strings.Count(html, `data-kind="image"`) != 3 || strings.Count(html, `data-kind="instance"`) != 2 {
		t.Errorf("the map does not draw 3 images and 2 instances")
	}
}

func TestActivityShowsTheBill(t *testing.T) {
	sb := fresh(t)
	mustRun(t, sb, "aws ec2 run-instances --image-id "+al2023+" --instance-type t3.micro")
	sb.advance(time.Hour)
	tab := &ActivityTab{}
	mount(t, tab)
	html := app.HTMLString(tab)
	total := sb.world.Bill(engine.LearnerAccount).Total
	if total <= 0 || !strings.Contains(html, "Total so far: "+money(total)) {
		t.Errorf("the bill total %v is not shown", total)
	}
	if strings.Count(html, `data-line=`) < 2 || !strings.Contains(html, "RunInstances") {
		t.Errorf("the bill lines or the events are missing")
	}
}

func TestDuration(t *testing.T) {
	for secs, want := range map[int64]string{0: "0s", 45: "45s", 60: "1m 00s", 125: "2m 05s", 3725: "1h 02m 05s"} {
		if got := duration(secs); got != want {
			t.Errorf("duration(%d) = %q, want %q", secs, got, want)
		}
	}
}

// A checkpoint nested in a list or a quote stays static text; the course's
// checkpoints must all be live.
func TestEveryCourseCheckpointIsLive(t *testing.T) {
	ls, _ := loadLessons()
	for _, l := range ls {
		n := 0
		for _, p := range splitLesson(l.HTML) {
			if p.Check >= 0 {
				n++
			}
		}
		if n != len(l.Checks) {
			t.Errorf("lesson %s: %d of its %d checkpoints are at the top level of the text", l.Slug, n, len(l.Checks))
		}
	}
}

func TestClock(t *testing.T) {
	sb := fresh(t)
	start := sb.world.Now()
	sb.setSpeed(60)
	sb.tick(250 * time.Millisecond)
	if got := sb.world.Now().Sub(start); got != 15*time.Second {
		t.Errorf("a tick at 60× moved the clock by %v", got)
	}
	sb.setPaused(true)
	sb.tick(250 * time.Millisecond)
	if got := sb.world.Now().Sub(start); got != 15*time.Second {
		t.Errorf("a paused clock moved to %v", got)
	}
	sb.tick(time.Hour) // a tab back from sleep
	sb.setPaused(false)
	sb.tick(time.Hour)
	if got := sb.world.Now().Sub(start); got != 15*time.Second+4*clockTick*60 {
		t.Errorf("a long pause of the page moved the clock by %v", got)
	}
	id := mustRun(t, sb, "aws ec2 run-instances --image-id "+al2023+" --instance-type t3.micro --query Instances[0].InstanceId --output text")
	sb.skipToNext()
	if in, _ := sb.world.InstanceView(sb.caller(), id); in.State.Name != "running" {
		t.Errorf("after jumping to the next event the instance is %s", in.State.Name)
	}
}
