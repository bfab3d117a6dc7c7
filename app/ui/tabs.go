package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// The sandbox's tabs.
const (
	tabInstances = "instances"
	tabImages    = "images"
	tabVolumes   = "volumes"
	tabTerminal  = "terminal"
	tabMap       = "map"
	tabActivity  = "activity"
)

var tabs = []struct{ ID, Label string }{
	{tabInstances, "Instances"},
	{tabImages, "Images"},
	{tabVolumes, "Volumes & Snapshots"},
	{tabTerminal, "Terminal"},
	{tabMap, "Map"},
	{tabActivity, "Activity"},
}

func tabIDs() []string {
	ids := make([]string, len(tabs))
	for i, t := range tabs {
		ids[i] = t.ID
	}
	return ids
}

// SandboxPane is the right-hand pane: the sandbox's tabs and the open one.
type SandboxPane struct {
	liveCompo
}

func (p *SandboxPane) watches() int { return changeView }

// Render draws the tab list and the open tab.
func (p *SandboxPane) Render() app.UI {
	open := p.sb.saved.Tab
	return el("div", "sandbox",
		app.Elem("div").Class("tabs").Role("tablist").Aria("label", "Sandbox views").Body(
			app.Range(tabs).Slice(func(i int) app.UI {
				t := tabs[i]
				selected := t.ID == open
				tabIndex := -1
				if selected {
					tabIndex = 0
				}
				return button("tab-"+t.ID, t.Label, p.onTab).
					Role("tab").
					Attr("value", t.ID).
					Aria("selected", selected).
					Aria("controls", "panel-"+t.ID).
					TabIndex(tabIndex).
					OnKeyDown(p.onTabKey)
			}),
		),
		app.Elem("div").
			ID("panel-"+open).
			Class("tabpanel").
			Role("tabpanel").
			Aria("labelledby", "tab-"+open).
			Body(tabContent(open)),
	)
}

// tabContent is the component of a tab.
func tabContent(id string) app.UI {
	switch id {
	case tabImages:
		return &ImagesTab{}
	case tabVolumes:
		return &VolumesTab{}
	case tabTerminal:
		return &Terminal{}
	case tabMap:
		return &MapTab{}
	case tabActivity:
		return &ActivityTab{}
	}
	return &InstancesTab{}
}

func (p *SandboxPane) onTab(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	p.sb.setTab(ctx.JSSrc().Get("value").String())
}

// onTabKey moves between tabs with the arrow, Home and End keys.
func (p *SandboxPane) onTabKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	ids := tabIDs()
	i := 0
	for j, id := range ids {
		if id == p.sb.saved.Tab {
			i = j
		}
	}
	switch e.Get("key").String() {
	case "ArrowRight":
		i = (i + 1) % len(ids)
	case "ArrowLeft":
		i = (i + len(ids) - 1) % len(ids)
	case "Home":
		i = 0
	case "End":
		i = len(ids) - 1
	default:
		return
	}
	e.PreventDefault()
	p.sb.setTab(ids[i])
	focusLater(ctx, "tab-"+ids[i])
}

// focusLater moves the keyboard focus to an element once the current
// update is on screen.
func focusLater(ctx app.Context, id string) {
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("focus")
		}
	})
}
