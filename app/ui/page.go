package ui

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Page is the app's one page: the header, the lesson pane and the sandbox
// pane side by side (stacked on narrow screens). Navigating between lessons
// updates the mounted page in place, so the sandbox stays as it is.
type Page struct {
	app.Compo
	// Mode is what the left pane shows: the course overview, a lesson, or
	// nothing (the sandbox alone).
	Mode string
	// Slug names the lesson shown in lesson mode.
	Slug string

	sb       *sandbox
	dragging bool
	dragPct  int
}

// OnInit attaches the page to the shared sandbox.
func (p *Page) OnInit() { p.sb = theSandbox() }

// OnPreRender sets the title and description of the prerendered page.
func (p *Page) OnPreRender(ctx app.Context) { p.enter(ctx) }

// OnMount starts the virtual clock, lets the guest runtime hand its answers
// to the UI goroutine, and saves the sandbox when the page is left.
func (p *Page) OnMount(ctx app.Context) {
	startClock(ctx, clockTick, func(ctx app.Context, elapsed time.Duration) { p.sb.tick(elapsed) })
	p.sb.post = func(fn func()) { ctx.Defer(func(app.Context) { fn() }) }
	onPageHide(p.sb.settle)
}

// OnNav follows navigation between lessons.
func (p *Page) OnNav(ctx app.Context) { p.enter(ctx) }

func (p *Page) enter(ctx app.Context) {
	title, desc := "AMI Lab: learn EC2 instances and AMIs by doing", "Lessons beside a live, simulated EC2 sandbox."
	switch p.Mode {
	case modeSandbox:
		title = "Sandbox · AMI Lab"
	case modeLesson:
		if l, _ := p.sb.lesson(p.Slug); l != nil {
			title, desc = l.Title+" · AMI Lab", l.Summary
		}
	}
	ctx.Page().SetTitle(title)
	ctx.Page().SetDescription(desc)
	p.sb.openLesson(p.Slug)
	if pane := app.Window().GetElementByID("lesson-pane"); pane.Truthy() {
		pane.Set("scrollTop", 0)
	}
}

// Render lays out the page.
func (p *Page) Render() app.UI {
	withLesson := p.Mode != modeSandbox
	class := "workspace"
	if !withLesson {
		class += " full"
	}
	split := p.sb.saved.Split
	return app.Elem("div").ID("app").Class("app").Body(
		app.Elem("a").Class("skip-link").Attr("href", "#sandbox").Text("Skip to the sandbox"),
		&Header{},
		el("div", "", &Notices{}),
		app.Elem("main").ID("workspace").Class(class).Style("--split", strconv.Itoa(split)+"%").Body(
			app.If(withLesson,
				app.Elem("section").ID("lesson-pane").Class("lesson-pane").Aria("label", "Lesson").Body(
					&LessonPane{Mode: p.Mode, Slug: p.Slug},
				),
				app.Elem("div").
					ID("splitter").
					Class("splitter").
					Role("separator").
					TabIndex(0).
					Aria("orientation", "vertical").
					Aria("controls", "lesson-pane").
					Aria("label", "Resize the lesson pane (arrow keys)").
					Aria("valuemin", minSplit).
					Aria("valuemax", maxSplit).
					Aria("valuenow", split).
					On("pointerdown", p.onSplitStart).
					On("pointermove", p.onSplitMove).
					On("pointerup", p.onSplitEnd).
					On("pointercancel", p.onSplitEnd).
					OnKeyDown(p.onSplitKey),
			),
			app.Elem("section").ID("sandbox").Class("sandbox-pane").Aria("label", "Sandbox").Body(&SandboxPane{}),
		),
	)
}

func (p *Page) onSplitStart(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	e.PreventDefault()
	ctx.JSSrc().Call("setPointerCapture", e.Get("pointerId"))
	p.dragging, p.dragPct = true, p.sb.saved.Split
}

// onSplitMove resizes the panes directly in the DOM while dragging; the
// page renders the final width when the drag ends.
func (p *Page) onSplitMove(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if !p.dragging {
		return
	}
	ws := app.Window().GetElementByID("workspace")
	rect := ws.Call("getBoundingClientRect")
	width := rect.Get("width").Float()
	if width <= 0 {
		return
	}
	pct := int((e.Get("clientX").Float() - rect.Get("left").Float()) / width * 100)
	p.dragPct = min(max(pct, minSplit), maxSplit)
	ws.Get("style").Call("setProperty", "--split", strconv.Itoa(p.dragPct)+"%")
}

func (p *Page) onSplitEnd(ctx app.Context, e app.Event) {
	if !p.dragging {
		ctx.PreventUpdate()
		return
	}
	p.dragging = false
	p.sb.setSplit(p.dragPct)
}

func (p *Page) onSplitKey(ctx app.Context, e app.Event) {
	split := p.sb.saved.Split
	switch e.Get("key").String() {
	case "ArrowLeft":
		split -= 2
	case "ArrowRight":
		split += 2
	case "Home":
		split = minSplit
	case "End":
		split = maxSplit
	default:
		ctx.PreventUpdate()
		return
	}
	e.PreventDefault()
	p.sb.setSplit(split)
}
