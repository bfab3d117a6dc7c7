package ui

import (
	"strconv"

	"amilab/content/lesson"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// LessonPane is the left-hand pane: the course's table of contents with
// progress, and the open lesson with its Run buttons and live checkpoints.
type LessonPane struct {
	liveCompo
	// Mode is modeCourse (the overview) or modeLesson.
	Mode string
	// Slug names the open lesson.
	Slug string

	partsOf string
	parts   []lessonPart
}

func (p *LessonPane) watches() int { return changeProgress | changeView }

// Render draws the pane.
func (p *LessonPane) Render() app.UI {
	l, idx := p.sb.lesson(p.Slug)
	if p.Mode != modeLesson || l == nil {
		return el("div", "lesson", p.courseOverview())
	}
	return el("div", "",
		app.Elem("nav").Class("lesson-nav").Aria("label", "Course").Body(
			el("details", "",
				textEl("summary", "", "Course · lesson "+strconv.Itoa(idx+1)+" of "+strconv.Itoa(len(p.sb.lessons))),
				p.toc(),
			),
		),
		app.Elem("article").Class("lesson").ID("lesson").DataSet("slug", l.Slug).Body(
			textEl("h1", "", l.Title),
			textEl("p", "summary", l.Summary),
			app.If(l.Minutes > 0, textEl("p", "meta", "About "+strconv.Itoa(l.Minutes)+" minutes")),
			app.If(len(l.Goals) > 0,
				app.Elem("ul").Class("goals").Aria("label", "Goals").Body(
					app.Range(l.Goals).Slice(func(i int) app.UI { return textEl("li", "", l.Goals[i]) }),
				),
			),
			p.body(l),
			p.pager(idx),
		),
	)
}

// courseOverview lists the lessons with their progress.
func (p *LessonPane) courseOverview() app.UI {
	return el("div", "",
		textEl("h1", "", "Learn EC2 instances and AMIs by doing"),
		textEl("p", "summary", "Each lesson sits beside a live, simulated EC2 sandbox: launch instances, "+
			"watch them change state on a virtual clock, make images from them and share those images. "+
			"Nothing here touches a real AWS account and nothing costs real money."),
		p.resume(),
		app.Elem("ol").Class("course-cards").Aria("label", "Lessons").Body(
			app.Range(p.sb.lessons).Slice(func(i int) app.UI {
				l := p.sb.lessons[i]
				return el("li", "",
					app.Elem("a").Attr("href", lessonPath(l.Slug)).DataSet("testid", "lesson-card-"+l.Slug).Body(
						textEl("strong", "", strconv.Itoa(i+1)+". "+l.Title),
						textEl("p", "", l.Summary),
						p.progressBadge(l),
					),
				)
			}),
		),
		el("p", "",
			app.Text("Prefer to explore on your own? "),
			app.Elem("a").Attr("href", "/sandbox").Text("Open the sandbox without a lesson"),
			app.Text("."),
		),
	)
}

// resume links the lesson opened last, if any.
func (p *LessonPane) resume() app.UI {
	l, _ := p.sb.lesson(p.sb.saved.Last)
	if l == nil {
		return nil
	}
	return el("p", "resume",
		app.Text("Continue where you left off: "),
		app.Elem("a").Attr("href", lessonPath(l.Slug)).DataSet("testid", "resume").Text(l.Title),
	)
}

// toc is the table of contents with each lesson's progress.
func (p *LessonPane) toc() app.UI {
	return el("ol", "toc",
		app.Range(p.sb.lessons).Slice(func(i int) app.UI {
			l := p.sb.lessons[i]
			a := app.Elem("a").Attr("href", lessonPath(l.Slug)).DataSet("testid", "toc-"+l.Slug)
			if l.Slug == p.Slug {
				a = a.Aria("current", "page")
			}
			return el("li", "", a.Body(
				textEl("span", "num", strconv.Itoa(i+1)),
				textEl("span", "title", l.Title),
				p.progressBadge(l),
			))
		}),
	)
}

// progressBadge shows how many of a lesson's checkpoints have passed.
func (p *LessonPane) progressBadge(l *lesson.Lesson) app.UI {
	total := len(l.Checks)
	if total == 0 {
		return nil
	}
	done := p.sb.passedCount(l)
	class := "progress"
	if done == total {
		class += " done"
	}
	pct := strconv.Itoa(done * 100 / total)
	return app.Elem("span").Class(class).DataSet("testid", "progress-"+l.Slug).
		Aria("label", strconv.Itoa(done)+" of "+strconv.Itoa(total)+" checkpoints passed").Body(
		app.Elem("span").Class("meter").Aria("hidden", true).Body(app.Elem("span").Style("width", pct+"%")),
		app.Text(strconv.Itoa(done)+"/"+strconv.Itoa(total)),
	)
}

// body draws the lesson text with live checkpoints in their places.
func (p *LessonPane) body(l *lesson.Lesson) app.UI {
	if p.partsOf != l.Slug {
		p.partsOf, p.parts = l.Slug, splitLesson(l.HTML)
	}
	sb := p.sb
	var results []checkResult
	if sb.lessonSlug == l.Slug {
		results = sb.checks
	}
	prog := sb.progress(l)
	return el("div", "lesson-body",
		app.Range(p.parts).Slice(func(i int) app.UI {
			part := p.parts[i]
			if part.Check < 0 || part.Check >= len(l.Checks) {
				return app.Elem("div").OnClick(p.onPartClick).Body(app.Raw(part.HTML))
			}
			n := part.Check
			c := l.Checks[n]
			how := c.Command
			if c.Instance != "" {
				how += ", on each instance that matches the filters " + c.Instance
			}
			cp := &Checkpoint{Index: n, Label: c.Label, Command: how, Hint: c.Hint,
				Tried: prog.Tried[n], EverPassed: prog.Passed[n]}
			if n < len(results) {
				r := results[n]
				cp.Evaluated, cp.Pass, cp.Detail, cp.Checking = r.Detail != "" || !r.Pending, r.OK, r.Detail, r.Pending
			}
			return cp
		}),
	)
}

// pager links the previous and next lessons.
func (p *LessonPane) pager(idx int) app.UI {
	ls := p.sb.lessons
	var prev, next app.UI
	if idx > 0 {
		prev = app.Elem("a").Class("prev").Attr("href", lessonPath(ls[idx-1].Slug)).Attr("rel", "prev").DataSet("testid", "prev").Body(
			textEl("small", "", "← Previous"), app.Text(ls[idx-1].Title))
	}
	if idx+1 < len(ls) {
		next = app.Elem("a").Class("next").Attr("href", lessonPath(ls[idx+1].Slug)).Attr("rel", "next").DataSet("testid", "next").Body(
			textEl("small", "", "Next →"), app.Text(ls[idx+1].Title))
	} else {
		next = app.Elem("a").Class("next").Attr("href", "/sandbox").DataSet("testid", "next").Body(
			textEl("small", "", "Done →"), app.Text("Keep exploring in the sandbox"))
	}
	return app.Elem("nav").Class("pager").Aria("label", "Lessons").Body(prev, next)
}

// onPartClick runs a run block's commands when its Run button is clicked.
// It listens on the prose only: a listener around the checkpoints would
// cancel their updates (go-app drops a component's pending update when a
// later handler of the same click prevents it).
func (p *LessonPane) onPartClick(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	btn := e.Get("target").Call("closest", ".run-btn")
	if !btn.Truthy() {
		return
	}
	n, err := strconv.Atoi(btn.Call("getAttribute", "data-run").String())
	l, _ := p.sb.lesson(p.Slug)
	if err != nil || l == nil || n < 0 || n >= len(l.Runs) {
		return
	}
	p.sb.runBlock(l.Runs[n])
}

// Checkpoint is one of a lesson's goals, evaluated live against the
// sandbox: green when it holds, with a hint after a failed check.
type Checkpoint struct {
	app.Compo
	// Index is the checkpoint's number in its lesson.
	Index int
	// Label says what must be true.
	Label string
	// Command is the read-only command that checks it.
	Command string
	// Hint helps when the check fails.
	Hint string
	// Evaluated is set once the checkpoint has been run against the sandbox.
	Evaluated bool
	// Checking is set while it waits for an instance's answer.
	Checking bool
	// Pass reports whether it holds now.
	Pass bool
	// Detail says what the check found.
	Detail string
	// Tried is set once the learner has checked it by hand.
	Tried bool
	// EverPassed is set once it has held at least once.
	EverPassed bool
}

// Render draws the checkpoint.
func (c *Checkpoint) Render() app.UI {
	id := "check-" + strconv.Itoa(c.Index)
	state, icon, status := "todo", strconv.Itoa(c.Index+1), "Not checked yet."
	switch {
	case c.Pass:
		state, icon, status = "pass", "✓", "Done: "+c.Detail
	case c.Evaluated && c.Tried:
		state, status = "fail", "Not yet: "+c.Detail
	case c.Evaluated && c.EverPassed:
		status = "This held earlier but does not hold now: " + c.Detail
	case c.Evaluated:
		status = "Not yet."
	}
	if c.Checking && !c.Pass {
		status = "Checking on the instance…"
	}
	return app.Elem("div").
		ID(id).
		Class("checkpoint").
		DataSet("check", c.Index).
		DataSet("state", state).
		DataSet("testid", id).
		Aria("busy", c.Checking).
		Role("group").
		Aria("labelledby", id+"-label").
		Body(
			app.Elem("span").Class("icon").Aria("hidden", true).Text(icon),
			el("div", "",
				app.Elem("div").ID(id+"-label").Class("label").Text("Checkpoint: "+c.Label),
				app.Elem("p").Class("detail").Aria("live", "polite").Text(status),
				app.If(state == "fail" && c.Hint != "", app.Elem("p").Class("hint").DataSet("testid", id+"-hint").Text("Hint: "+c.Hint)),
				el("details", "",
					textEl("summary", "", "How this is checked"),
					textEl("code", "", c.Command),
				),
			),
			button("", "Check", c.onCheck).
				DataSet("testid", id+"-button").
				Aria("label", "Check: "+c.Label),
		)
}

func (c *Checkpoint) onCheck(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	theSandbox().check(c.Index)
}
