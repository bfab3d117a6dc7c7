package ui

import (
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// column is one column of a DataTable.
type column struct {
	Title string
	// Class styles the column's cells: "mono", "num" or "wrap".
	Class string
}

// cell is one table cell: text, shown as a state badge when Badge is set.
type cell struct {
	Text string
	// Badge is the state the badge shows ("running", "available", …).
	Badge string
	// Title is extra information shown on hover.
	Title string
}

// row is one row of a DataTable.
type row struct {
	Key      string
	Cells    []cell
	Selected bool
}

// rowCache keeps a table's rows while the world, the region and the
// account stay the same, so that selecting a row does not ask the engine
// again. Rows whose cells did not change keep sharing them with the previous
// render, which makes go-app's comparison of unchanged rows cheap.
type rowCache struct {
	key  string
	rows []row
	keys []string
}

// get returns the table's rows with their selection, building them again
// only when the world or the view (extra) changed.
func (c *rowCache) get(sb *sandbox, table, extra string, build func() []row) ([]row, []string) {
	key := strconv.FormatUint(sb.rev, 10) + "/" + sb.saved.Region + "/" + sb.saved.Profile + "/" + extra
	if key != c.key {
		old := make(map[string][]cell, len(c.rows))
		for _, r := range c.rows {
			old[r.Key] = r.Cells
		}
		c.key, c.rows = key, build()
		c.keys = make([]string, len(c.rows))
		for i, r := range c.rows {
			c.keys[i] = r.Key
			if prev, ok := old[r.Key]; ok && slices.Equal(prev, r.Cells) {
				c.rows[i].Cells = prev
			}
		}
	}
	rows := make([]row, len(c.rows))
	for i, r := range c.rows {
		r.Selected = sb.isSelected(table, r.Key)
		rows[i] = r
	}
	return rows, c.keys
}

// DataTable is a console-like table of resources, optionally with
// multi-select. Each row is its own component, so a change re-renders only
// the rows it touches; rows keep their place as long as the list only grows
// at the end (resources are listed in creation order).
type DataTable struct {
	app.Compo
	// ID is the element id and the name of the table's selection.
	ID string
	// Caption describes the table for screen readers.
	Caption string
	// KeyAttr is the data attribute holding each row's key ("instance-id"
	// gives data-instance-id="i-…").
	KeyAttr string
	// Columns are the table's columns.
	Columns []column
	// Rows are the table's rows.
	Rows []row
	// Selectable adds a checkbox to every row.
	Selectable bool
	// Empty is shown when there are no rows.
	Empty string
	// Foot is an optional last row (totals).
	Foot []cell
}

// Render draws the table.
func (t *DataTable) Render() app.UI {
	all := len(t.Rows) > 0
	for _, r := range t.Rows {
		all = all && r.Selected
	}
	span := len(t.Columns)
	if t.Selectable {
		span++
	}
	var foot app.UI
	if len(t.Foot) > 0 {
		foot = el("tfoot", "", el("tr", "",
			app.If(t.Selectable, app.Elem("td")),
			app.Range(t.Foot).Slice(func(i int) app.UI { return cellUI(t.Foot[i], t.colClass(i)) }),
		))
	}
	return el("div", "table-wrap",
		app.Elem("table").ID(t.ID).Class("data").Aria("rowcount", len(t.Rows)).Body(
			textEl("caption", "sr-only", t.Caption),
			el("thead", "", el("tr", "",
				app.If(t.Selectable, app.Elem("th").Class("sel").Attr("scope", "col").Body(
					app.ElemSelfClosing("input").
						Attr("type", "checkbox").
						Aria("label", "Select all").
						Attr("checked", all).
						Attr("disabled", len(t.Rows) == 0).
						OnChange(t.onSelectAll),
				)),
				app.Range(t.Columns).Slice(func(i int) app.UI {
					return app.Elem("th").Attr("scope", "col").Text(t.Columns[i].Title)
				}),
			)),
			el("tbody", "",
				app.If(len(t.Rows) == 0, el("tr", "", app.Elem("td").Class("empty").Attr("colspan", span).Text(t.Empty))),
				app.Range(t.Rows).Slice(func(i int) app.UI {
					return &TableRow{Table: t.ID, KeyAttr: t.KeyAttr, Columns: t.Columns, Row: t.Rows[i], Selectable: t.Selectable}
				}),
			),
			foot,
		),
	)
}

func (t *DataTable) colClass(i int) string {
	if i < len(t.Columns) {
		return t.Columns[i].Class
	}
	return ""
}

func (t *DataTable) onSelectAll(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	keys := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		keys[i] = r.Key
	}
	theSandbox().selectAll(t.ID, keys)
}

// TableRow is one row of a DataTable.
type TableRow struct {
	app.Compo
	// Table is the id of the table (its selection name).
	Table string
	// KeyAttr is the data attribute that holds the row's key.
	KeyAttr string
	// Columns are the table's columns.
	Columns []column
	// Row is what the row shows.
	Row row
	// Selectable adds the row's checkbox.
	Selectable bool
}

// Render draws the row.
func (r *TableRow) Render() app.UI {
	tr := app.Elem("tr").Aria("selected", r.Row.Selected).OnClick(r.onClick)
	if r.KeyAttr != "" {
		tr = tr.DataSet(r.KeyAttr, r.Row.Key)
	}
	return tr.Body(
		app.If(r.Selectable, el("td", "sel",
			app.ElemSelfClosing("input").
				Attr("type", "checkbox").
				Aria("label", "Select "+r.Row.Key).
				Attr("checked", r.Row.Selected).
				OnChange(r.onCheck),
		)),
		app.Range(r.Row.Cells).Slice(func(i int) app.UI {
			class := ""
			if i < len(r.Columns) {
				class = r.Columns[i].Class
			}
			return cellUI(r.Row.Cells[i], class)
		}),
	)
}

// onClick selects only this row, as the console does; clicks on the row's
// own controls are theirs.
func (r *TableRow) onClick(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	switch e.Get("target").Get("tagName").String() {
	case "INPUT", "BUTTON", "A", "SELECT", "LABEL":
		return
	}
	if r.Selectable {
		theSandbox().toggle(r.Table, r.Row.Key, true)
	}
}

func (r *TableRow) onCheck(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	theSandbox().toggle(r.Table, r.Row.Key, false)
}

// cellUI draws one cell.
func cellUI(c cell, class string) app.UI {
	td := app.Elem("td").Class(class)
	if c.Title != "" {
		td = td.Title(c.Title)
	}
	if c.Badge != "" {
		return td.Body(textEl("span", "badge "+c.Badge, c.Text))
	}
	return td.Text(c.Text)
}
