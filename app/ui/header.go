package ui

import (
	"strconv"

	"amilab/engine"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// profiles are the accounts the header offers, by CLI profile.
var profiles = []option{{"default", "learner"}, {"colleague", "colleague"}}

// profileOptions are the header's accounts, with the one in use when the
// terminal chose another (sandbox use-account vendor).
func profileOptions(sb *sandbox) []option {
	opts := append([]option(nil), profiles...)
	for _, o := range opts {
		if o.Value == sb.saved.Profile {
			return opts
		}
	}
	return append(opts, option{sb.saved.Profile, sb.saved.Profile})
}

// Header is the bar always on screen: region, account, the virtual clock
// with its speed, and reset, export and import of the sandbox.
type Header struct {
	liveCompo
}

func (h *Header) watches() int { return changeClock | changeView }

// Render draws the bar.
func (h *Header) Render() app.UI {
	sb := h.sb
	w := sb.world
	pauseLabel, pauseIcon := "Pause", "❚❚"
	if sb.saved.Paused {
		pauseLabel, pauseIcon = "Resume", "▶"
	}
	return el("header", "topbar",
		app.Elem("a").Class("brand").Attr("href", "/").Aria("label", "AMI Lab home").Body(
			textEl("span", "logo", "AMI"), app.Text("Lab"),
		),
		app.Elem("div").Class("group").Role("group").Aria("label", "Where you work").Body(
			app.Elem("label").Attr("for", "region").Text("Region"),
			app.Elem("select").ID("region").Title("Region").DataSet("testid", "region").OnChange(h.onRegion).Body(
				app.Range(engine.Regions()).Slice(func(i int) app.UI {
					r := engine.Regions()[i]
					return app.Elem("option").Attr("value", r).Attr("selected", r == sb.saved.Region).Text(r)
				}),
			),
			app.Elem("label").Attr("for", "account").Text("Account"),
			selectInput("account", sb.saved.Profile, profileOptions(sb), h.onProfile).Title("Account you act as").DataSet("testid", "account"),
		),
		app.Elem("div").Class("group").Role("group").Aria("label", "Virtual clock").Body(
			app.Elem("span").
				ID("clock").
				Class("clock").
				DataSet("testid", "clock").
				Title("Virtual time in the sandbox").
				Body(
					textEl("span", "date", w.Now().UTC().Format("2006-01-02")+" "),
					app.Text(w.Now().UTC().Format("15:04:05")+" UTC"),
				),
			app.Elem("button").
				ID("clock-pause").
				Aria("pressed", sb.saved.Paused).
				Aria("label", pauseLabel+" the clock").
				OnClick(h.onPause).
				Text(pauseIcon),
			app.Range(speeds).Slice(func(i int) app.UI {
				v := speeds[i]
				return app.Elem("button").
					ID("speed-"+strconv.Itoa(v)).
					Aria("pressed", sb.saved.Speed == v).
					Aria("label", "Clock speed "+strconv.Itoa(v)+" times").
					Attr("value", strconv.Itoa(v)).
					OnClick(h.onSpeed).
					Text(strconv.Itoa(v) + "×")
			}),
			app.Elem("button").
				ID("clock-next").
				Title("Jump the clock to the next scheduled transition").
				OnClick(h.onNext).
				Text("Next event"),
			app.Elem("span").
				ID("bill").
				Class("bill").
				Title("Your bill so far (Activity tab for the lines)").
				Text("Bill "+money(sb.bill)),
		),
		app.Elem("div").Class("group").Role("group").Aria("label", "Sandbox file").Body(
			app.Elem("button").ID("reset").OnClick(h.onReset).Title("Start a fresh world (you can undo)").Text("Reset"),
			app.Elem("button").ID("export").OnClick(h.onExport).Title("Download the world as JSON").Text("Export"),
			app.Elem("label").Class("file-label").Attr("for", "import").Body(
				app.Text("Import"),
				app.ElemSelfClosing("input").
					ID("import").
					Class("sr-only").
					Attr("type", "file").
					Attr("accept", ".json,application/json").
					OnChange(h.onImport),
			),
		),
	)
}

func (h *Header) onRegion(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	h.sb.setRegion(ctx.JSSrc().Get("value").String())
}

func (h *Header) onProfile(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	h.sb.setProfile(ctx.JSSrc().Get("value").String())
}

func (h *Header) onPause(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	h.sb.setPaused(!h.sb.saved.Paused)
}

func (h *Header) onSpeed(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	v, _ := strconv.Atoi(ctx.JSSrc().Get("value").String())
	h.sb.setSpeed(v)
}

func (h *Header) onNext(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	h.sb.skipToNext()
}

func (h *Header) onReset(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	h.sb.reset()
}

func (h *Header) onExport(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	name, data, err := h.sb.exportWorld()
	if err != nil {
		h.sb.notify(true, "Could not export the sandbox: "+err.Error())
		return
	}
	download(name, "application/json", data)
}

func (h *Header) onImport(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	readChosenFile(ctx, func(ctx app.Context, name, text string) { h.sb.importWorld(name, text) })
}

// Notices shows messages about the whole sandbox: an unreadable save, a
// failed import, a reset that can be undone, a failure to save.
type Notices struct {
	liveCompo
}

func (n *Notices) watches() int { return changeView | changeWorld }

// Render draws the messages, if any.
func (n *Notices) Render() app.UI {
	sb := n.sb
	return app.Elem("div").ID("notices").Aria("live", "polite").Body(
		app.If(sb.lessonsErr != "",
			app.Elem("div").Class("banner error").Role("alert").Body(
				textEl("p", "", "The course could not be loaded: "+sb.lessonsErr),
			),
		),
		app.If(sb.saveErr != "",
			app.Elem("div").Class("banner error").Role("alert").DataSet("testid", "save-error").Body(textEl("p", "", sb.saveErr)),
		),
		n.banner(sb.notice),
	)
}

// banner draws the current notice (nothing when there is none).
func (n *Notices) banner(nt *notice) app.UI {
	if nt == nil {
		return nil
	}
	class := "banner info"
	if nt.Error {
		class = "banner error"
	}
	return app.Elem("div").Class(class).DataSet("testid", "notice").Body(
		textEl("p", "", nt.Text),
		app.If(nt.Data != "",
			app.Elem("button").ID("notice-download").OnClick(n.onDownload).Text("Download the saved data"),
		),
		app.If(nt.Undo != "",
			app.Elem("button").ID("notice-undo").OnClick(n.onUndo).Text("Undo"),
		),
		app.Elem("button").ID("notice-dismiss").Aria("label", "Dismiss this message").OnClick(n.onDismiss).Text("Dismiss"),
	)
}

func (n *Notices) onDownload(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if n.sb.notice != nil {
		download("amilab-unreadable-sandbox.json", "application/json", n.sb.notice.Data)
	}
}

func (n *Notices) onUndo(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	n.sb.undo()
}

func (n *Notices) onDismiss(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	n.sb.dismiss()
}
