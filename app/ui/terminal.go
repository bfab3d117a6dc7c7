package ui

import (
	"cmp"
	"strconv"
	"strings"

	"amilab/engine/cli"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

const terminalInput = "terminal-input"

// Terminal is the sandbox's command line: aws ec2 … and sandbox … lines run
// by the engine's CLI, with history (up and down arrows) and completion
// (Tab). The transcript shows each line after "$ " and exactly what the CLI
// printed.
type Terminal struct {
	liveCompo

	ctx         app.Context
	input       string
	histPos     int
	completions []string
}

// OnMount follows the transcript and keeps its end in view.
func (t *Terminal) OnMount(ctx app.Context) {
	t.ctx = ctx
	t.histPos = len(t.sb.saved.History)
	t.unsub = t.sb.subscribe(changeView|changeWorld, func() {
		t.Update()
		t.scrollDown()
	})
	t.scrollDown()
}

// scrollDown shows the end of the transcript once the screen is updated.
func (t *Terminal) scrollDown() {
	if t.ctx == nil {
		return
	}
	t.ctx.Defer(func(app.Context) {
		if s := app.Window().GetElementByID("terminal-screen"); s.Truthy() {
			s.Set("scrollTop", s.Get("scrollHeight"))
		}
	})
}

// Render draws the terminal.
func (t *Terminal) Render() app.UI {
	entries, queued := t.sb.saved.Transcript, t.sb.termQueue
	return app.Elem("div").ID("terminal").Class("terminal").Body(
		app.Elem("div").
			ID("terminal-screen").
			Class("screen").
			Role("log").
			TabIndex(0).
			Aria("label", "Terminal output").
			Aria("busy", len(queued) > 0).
			Body(
				textEl("p", "welcome", "Run aws ec2 … commands (and sandbox help for the sandbox's own). "+
					"Tab completes a word, ↑ and ↓ walk the history. Try: aws ec2 describe-images --owners amazon --query 'Images[].Name'"),
				app.Range(entries).Slice(func(i int) app.UI {
					e := entries[i]
					return &TermEntry{Line: e.Line, Output: e.Output, Exit: e.Exit}
				}),
				app.Range(queued).Slice(func(i int) app.UI {
					return app.Elem("div").Class("entry running").DataSet("testid", "term-queued").Body(
						textEl("pre", "cmd", "$ "+queued[i]),
						app.If(i == 0, textEl("p", "wait", "Waiting for the instance to answer…")),
					)
				}),
			),
		app.If(len(t.completions) > 0,
			app.Elem("div").ID("terminal-completions").Class("completions").Aria("live", "polite").Body(
				app.Range(t.completions).Slice(func(i int) app.UI { return textEl("span", "", t.completions[i]) }),
			),
		),
		app.Elem("form").OnSubmit(t.onSubmit).Body(
			app.Elem("label").Class("prompt").Attr("for", terminalInput).Text("$"),
			app.ElemSelfClosing("input").
				ID(terminalInput).
				Aria("label", "Command line").
				Attr("type", "text").
				Attr("autocomplete", false).
				Spellcheck(false).
				Attr("autocapitalize", "off").
				Attr("placeholder", "aws ec2 describe-instances").
				OnInput(t.onInput).
				OnKeyDown(t.onKey),
			app.Elem("button").ID("terminal-run").Attr("type", "submit").Text("Run"),
			button("terminal-clear", "Clear", t.onClear),
		),
	)
}

func (t *Terminal) onInput(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.input = valueOf(ctx)
}

func (t *Terminal) onSubmit(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	e.PreventDefault()
	t.submit()
}

// submit runs the typed line.
func (t *Terminal) submit() {
	line := t.input
	t.setInput("")
	t.completions = nil
	t.sb.run(line)
	t.histPos = len(t.sb.saved.History)
}

func (t *Terminal) onClear(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.sb.clearTranscript()
	focusLater(ctx, terminalInput)
}

// onKey walks the history and completes words. Tab completes only when
// there is something to complete, so that it still moves the focus on.
func (t *Terminal) onKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	switch e.Get("key").String() {
	case "ArrowUp":
		e.PreventDefault()
		t.recall(-1)
	case "ArrowDown":
		e.PreventDefault()
		t.recall(1)
	case "Tab":
		if e.Get("shiftKey").Bool() || strings.TrimSpace(t.input) == "" {
			return
		}
		if t.complete() {
			e.PreventDefault()
		}
	case "Escape":
		if len(t.completions) > 0 {
			t.completions = nil
			t.Update()
		}
	}
}

// recall moves through the history by step (-1 older, +1 newer).
func (t *Terminal) recall(step int) {
	var line string
	t.histPos, line = recallLine(t.sb.saved.History, t.histPos, step)
	t.setInput(line)
}

// recallLine moves pos through a history by step (-1 older, +1 newer) and
// returns the line there: "" past the newest.
func recallLine(h []string, pos, step int) (int, string) {
	pos = min(max(pos+step, 0), len(h))
	if pos == len(h) {
		return pos, ""
	}
	return pos, h[pos]
}

// complete completes the last word of the input with cli.Complete: the
// candidate when there is one, their common prefix and the list otherwise.
// It reports whether there was any candidate.
func (t *Terminal) complete() bool {
	cands := cli.Complete(t.input)
	if len(cands) == 0 {
		return false
	}
	cut := strings.LastIndexAny(t.input, " \t") + 1
	head, partial := t.input[:cut], t.input[cut:]
	word := cands[0]
	for _, c := range cands[1:] {
		word = commonPrefix(word, c)
	}
	if len(cands) == 1 {
		word += " "
		t.completions = nil
	} else {
		t.completions = cands
	}
	if len(word) >= len(partial) {
		t.setInput(head + word)
	}
	t.Update()
	return true
}

// setInput replaces the text of the command line.
func (t *Terminal) setInput(v string) {
	t.input = v
	setInputValue(terminalInput, v)
}

// setInputValue replaces the text of an input element.
func setInputValue(id, v string) {
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Set("value", v)
	}
}

func commonPrefix(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return a[:n]
}

// TermEntry is one command of the transcript and its output.
type TermEntry struct {
	app.Compo
	// Prompt is the prompt shown before the line ("$" when empty).
	Prompt string
	// Line is the command as typed.
	Line string
	// Output is what the CLI printed.
	Output string
	// Exit is the command's exit status.
	Exit int
}

// Render draws the entry.
func (e *TermEntry) Render() app.UI {
	return app.Elem("div").Class("entry").DataSet("exit", strconv.Itoa(e.Exit)).DataSet("testid", "term-entry").Body(
		textEl("pre", "cmd", cmp.Or(e.Prompt, "$")+" "+e.Line),
		app.If(e.Output != "", textEl("pre", "out", e.Output)),
	)
}
