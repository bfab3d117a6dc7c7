package ui

import (
	"strconv"
	"strings"
	"time"

	"amilab/engine"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// outcome is the result of the last action of a tab: what happened, or the
// engine's error, shown where the learner acted.
type outcome struct {
	Error bool
	Code  string
	Text  string
}

// outcomeOf turns a request's result into an outcome: the error when there
// is one, otherwise the success message.
func outcomeOf(success string, err error) *outcome {
	if err != nil {
		code, msg := errorParts(err)
		return &outcome{Error: true, Code: code, Text: msg}
	}
	if success == "" {
		return nil
	}
	return &outcome{Text: success}
}

// outcomeUI draws an outcome; dismiss closes it.
func outcomeUI(id string, o *outcome, dismiss app.EventHandler) app.UI {
	if o == nil {
		return nil
	}
	class, role := "alert ok", "status"
	if o.Error {
		class, role = "alert error", "alert"
	}
	return app.Elem("div").ID(id).Class(class).Role(role).DataSet("testid", id).Body(
		el("p", "",
			app.If(o.Code != "", textEl("span", "code", o.Code+": ")),
			app.Text(o.Text),
		),
		app.Elem("button").Class("link").Aria("label", "Dismiss").OnClick(dismiss).Text("✕"),
	)
}

// slot holds a part that comes and goes (a message, a form) at a fixed
// place among its siblings, so that the siblings after it, a long table
// especially, are updated in place rather than rebuilt.
func slot(content app.UI) app.UI {
	return el("div", "slot", content)
}

// panel is a form shown in place above a table.
func panel(id, title string, body ...app.UI) app.UI {
	return app.Elem("section").ID(id).Class("panel").Aria("labelledby", id+"-title").Body(
		append([]app.UI{app.Elem("h3").ID(id + "-title").Text(title)}, body...)...,
	)
}

// actionButton is a toolbar button that sends its value to onClick.
func actionButton(id, label, value string, disabled bool, onClick app.EventHandler) app.HTMLElem {
	return button(id, label, onClick).Attr("value", value).Attr("disabled", disabled)
}

// textField is a labelled text input; onInput receives every change.
func textField(id, label, value, placeholder string, onInput app.EventHandler) app.UI {
	return app.Elem("label").Class("field").Attr("for", id).Body(
		textEl("span", "", label),
		app.ElemSelfClosing("input").ID(id).Attr("type", "text").Attr("value", value).Attr("placeholder", placeholder).OnInput(onInput),
	)
}

// option is one choice of a select.
type option struct{ Value, Label string }

// selectField is a labelled select.
func selectField(id, label, value string, opts []option, onChange app.EventHandler) app.UI {
	return app.Elem("label").Class("field").Attr("for", id).Body(
		textEl("span", "", label),
		selectInput(id, value, opts, onChange),
	)
}

// selectInput is a select without a label of its own.
func selectInput(id, value string, opts []option, onChange app.EventHandler) app.HTMLElem {
	return app.Elem("select").ID(id).OnChange(onChange).Body(
		app.Range(opts).Slice(func(i int) app.UI {
			return app.Elem("option").Attr("value", opts[i].Value).Attr("selected", opts[i].Value == value).Text(opts[i].Label)
		}),
	)
}

// valueOf is the value of the element an event came from.
func valueOf(ctx app.Context) string { return ctx.JSSrc().Get("value").String() }

// checkedOf is the checked state of the checkbox an event came from.
func checkedOf(ctx app.Context) bool { return ctx.JSSrc().Get("checked").Bool() }

// tagValue returns the value of a tag, or "".
func tagValue(tags []engine.Tag, key string) string {
	for _, t := range tags {
		if t.Key == key {
			return t.Value
		}
	}
	return ""
}

// clockText formats a virtual time as the tables show it.
func clockText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// money formats US dollars with enough digits for sandbox-sized amounts.
func money(v float64) string {
	return "$" + strconv.FormatFloat(v, 'f', 4, 64)
}

// duration formats a number of seconds as "45s", "2m 05s" or "1h 02m 05s".
func duration(secs int64) string {
	h, m, s := secs/3600, secs/60%60, secs%60
	two := func(n int64) string {
		if n < 10 {
			return "0" + strconv.FormatInt(n, 10)
		}
		return strconv.FormatInt(n, 10)
	}
	switch {
	case h > 0:
		return strconv.FormatInt(h, 10) + "h " + two(m) + "m " + two(s) + "s"
	case m > 0:
		return strconv.FormatInt(m, 10) + "m " + two(s) + "s"
	}
	return strconv.FormatInt(s, 10) + "s"
}

// plural writes a count with its noun.
func plural(n int, noun string) string {
	s := strconv.Itoa(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}

// joinIDs lists ids for a message.
func joinIDs(ids []string) string { return strings.Join(ids, ", ") }

// el is an element with a class (none when class is empty) and children.
func el(tag, class string, body ...app.UI) app.HTMLElem {
	e := app.Elem(tag)
	if class != "" {
		e = e.Class(class)
	}
	return e.Body(body...)
}

// textEl is an element with a class (none when class is empty) and a text.
func textEl(tag, class, text string) app.HTMLElem {
	e := app.Elem(tag)
	if class != "" {
		e = e.Class(class)
	}
	return e.Text(text)
}

// button is a button that submits no form, with an id (none when empty) and
// a label, that calls onClick.
func button(id, label string, onClick app.EventHandler) app.HTMLElem {
	b := app.Elem("button")
	if id != "" {
		b = b.ID(id)
	}
	return b.Attr("type", "button").OnClick(onClick).Text(label)
}
