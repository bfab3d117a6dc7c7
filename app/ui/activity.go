package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// maxEventsShown bounds the activity log on screen (the latest events).
const maxEventsShown = 300

var billColumns = []column{
	{Title: "Resource", Class: "mono"},
	{Title: "Charge"},
	{Title: "Detail"},
	{Title: "From"},
	{Title: "To"},
	{Title: "Billed", Class: "num"},
	{Title: "Rate", Class: "num"},
	{Title: "Cost", Class: "num"},
	{Title: "Running total", Class: "num"},
}

var eventColumns = []column{
	{Title: "Time"},
	{Title: "Region"},
	{Title: "Action"},
	{Title: "Resource", Class: "mono"},
	{Title: "What happened", Class: "wrap"},
}

// ActivityTab shows the account's bill line by line with its running total,
// and the event log in the order things happened.
type ActivityTab struct {
	liveCompo
}

func (a *ActivityTab) watches() int { return changeWorld | changeClock }

// Render draws the bill and the log.
func (a *ActivityTab) Render() app.UI {
	sb := a.sb
	acct := sb.caller().Account
	bill := sb.world.Bill(acct)
	billRows := make([]row, len(bill.Lines))
	running := 0.0
	for i, l := range bill.Lines {
		running += l.Cost
		to := clockText(l.End)
		if l.Open {
			to = "now (running up)"
		}
		rate := money(l.Rate) + "/h"
		if l.Kind == "volume" || l.Kind == "snapshot" {
			rate = money(l.Rate) + "/GB-month"
		}
		billRows[i] = row{Key: strconv.Itoa(i), Cells: []cell{
			{Text: l.Resource},
			{Text: l.Kind},
			{Text: l.Detail},
			{Text: clockText(l.Start)},
			{Text: to},
			{Text: duration(l.Seconds)},
			{Text: rate},
			{Text: money(l.Cost)},
			{Text: money(running)},
		}}
	}
	events := sb.world.Events(acct)
	events = events[max(0, len(events)-maxEventsShown):]
	eventRows := make([]row, len(events))
	for i, e := range events {
		eventRows[i] = row{Key: strconv.FormatUint(e.Seq, 10), Cells: []cell{
			{Text: clockText(e.Time)},
			{Text: e.Region},
			{Text: e.Action},
			{Text: e.Resource},
			{Text: e.Message},
		}}
	}
	return app.Elem("div").ID("activity-tab").Body(
		textEl("h2", "", "Bill"),
		el("p", "",
			app.Elem("span").Class("total").ID("bill-total").DataSet("testid", "bill-total").Text("Total so far: "+money(bill.Total)),
			app.Text(" · account "+acct+", every region. Instances are billed per second while running, at least 60 s each time they start; "+
				"EBS volumes and snapshots per GB-month while they exist, even when the instance is stopped."),
		),
		&DataTable{ID: "bill", Caption: "Bill lines", KeyAttr: "line", Columns: billColumns, Rows: billRows,
			Empty: "Nothing billed yet: a running instance or a volume starts the bill.",
			Foot:  []cell{{Text: "Total"}, {}, {}, {}, {}, {}, {}, {Text: money(bill.Total)}, {}}},
		textEl("h2", "", "Events"),
		&DataTable{ID: "events", Caption: "Event log, oldest first", KeyAttr: "seq", Columns: eventColumns, Rows: eventRows,
			Empty: "No events yet."},
	)
}
