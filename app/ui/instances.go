package ui

import (
	"strconv"

	"amilab/engine"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

const instancesTable = "instances"

var instanceColumns = []column{
	{Title: "Name"},
	{Title: "Instance ID", Class: "mono"},
	{Title: "State"},
	{Title: "Type"},
	{Title: "AMI", Class: "mono"},
	{Title: "Zone"},
	{Title: "Public IP", Class: "mono"},
	{Title: "Launched"},
}

// InstancesTab lists the caller's instances in the region, like the
// console's instance list, with the actions on the selected ones and the
// launch wizard.
type InstancesTab struct {
	liveCompo

	cache    rowCache
	ids      []string
	result   *outcome
	dialog   string
	imgName  string
	imgDesc  string
	noReboot bool
	newType  string
	shutdown string
}

func (t *InstancesTab) watches() int { return changeWorld | changeSelection }

// instanceList returns the caller's instances in launch order.
func instanceList(sb *sandbox) []engine.Instance {
	out, err := sb.world.DescribeInstances(sb.caller(), &engine.DescribeInstancesInput{})
	if err != nil {
		return nil
	}
	var list []engine.Instance
	for _, r := range out.Reservations {
		list = append(list, r.Instances...)
	}
	return list
}

// instanceRows are the rows of the instance table.
func instanceRows(sb *sandbox) []row {
	list := instanceList(sb)
	rows := make([]row, len(list))
	for i, in := range list {
		rows[i] = row{
			Key: in.InstanceId,
			Cells: []cell{
				{Text: tagValue(in.Tags, "Name")},
				{Text: in.InstanceId},
				{Text: in.State.Name, Badge: in.State.Name, Title: in.StateTransitionReason},
				{Text: in.InstanceType},
				{Text: in.ImageId},
				{Text: in.Placement.AvailabilityZone},
				{Text: in.PublicIpAddress},
				{Text: clockText(in.LaunchTime.Time)},
			},
		}
	}
	return rows
}

// Render draws the tab.
func (t *InstancesTab) Render() app.UI {
	sb := t.sb
	var rows []row
	rows, t.ids = t.cache.get(sb, instancesTable, "", func() []row { return instanceRows(sb) })
	sel := sb.selected(instancesTable, t.ids)
	none, one := len(sel) == 0, len(sel) == 1
	var details app.UI
	if one {
		details = instanceDetails(sb, sel[0])
	}
	return app.Elem("div").ID("instances-tab").Body(
		textEl("h2", "", "Instances · "+sb.saved.Region),
		app.Elem("div").Class("toolbar").Role("toolbar").Aria("label", "Instance actions").Body(
			actionButton("launch", "Launch instances", "launch", false, t.onLaunch).Class("primary"),
			actionButton("action-connect", "Connect", "connect", !one, t.onConnect).Title("Open an ssh session on the instance"),
			actionButton("action-browse", "Open in browser", "browse", !one, t.onBrowse).Title("Show the web site the instance serves at its public DNS name"),
			actionButton("action-stop", "Stop", "stop", none, t.onAction),
			actionButton("action-start", "Start", "start", none, t.onAction),
			actionButton("action-reboot", "Reboot", "reboot", none, t.onAction),
			actionButton("action-terminate", "Terminate", "terminate", none, t.onAction).Class("danger"),
			actionButton("action-create-image", "Create image", "create-image", !one, t.onDialog),
			actionButton("action-change-type", "Change type", "change-type", none, t.onDialog),
			actionButton("action-protection", "Termination protection", "protection", none, t.onDialog),
			actionButton("action-shutdown", "Shutdown behaviour", "shutdown", none, t.onDialog),
			app.Elem("span").Class("spacer"),
			app.Elem("span").Class("selection").Aria("live", "polite").Text(strconv.Itoa(len(sel))+" of "+plural(len(rows), "instance")+" selected"),
		),
		slot(outcomeUI("instances-result", t.result, t.onDismiss)),
		slot(t.dialogUI(sel)),
		slot(&ShellPanel{}),
		slot(&BrowserPanel{}),
		slot(app.If(sb.draft != nil, &LaunchWizard{})),
		&DataTable{
			ID:         instancesTable,
			Caption:    "Instances in " + sb.saved.Region,
			KeyAttr:    "instance-id",
			Columns:    instanceColumns,
			Rows:       rows,
			Selectable: true,
			Empty:      "No instances in " + sb.saved.Region + " yet. Launch one with the button above or run aws ec2 run-instances in the terminal.",
		},
		slot(details),
	)
}

func (t *InstancesTab) selection() []string { return t.sb.selected(instancesTable, t.ids) }

func (t *InstancesTab) report(o *outcome) {
	t.result = o
	t.Update()
}

func (t *InstancesTab) onDismiss(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.report(nil)
}

func (t *InstancesTab) onLaunch(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.sb.openLaunch("")
}

// onConnect opens an ssh session on the selected instance.
func (t *InstancesTab) onConnect(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if sel := t.selection(); len(sel) == 1 {
		t.sb.connect(sel[0])
		focusLater(ctx, t.sb.shellFocus())
	}
}

// onBrowse shows the selected instance's web site in the browser view.
func (t *InstancesTab) onBrowse(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if sel := t.selection(); len(sel) == 1 {
		t.sb.browse(sel[0], "/")
		focusLater(ctx, "browser-view")
	}
}

// onAction stops, starts, reboots or terminates the selected instances.
func (t *InstancesTab) onAction(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	ids := t.selection()
	action := valueOf(ctx)
	var changes []engine.InstanceStateChange
	var done string
	err := t.sb.do(func(w *engine.World, c engine.Caller) error {
		switch action {
		case "stop":
			out, err := w.StopInstances(c, &engine.StopInstancesInput{InstanceIds: ids})
			if err == nil {
				changes = out.StoppingInstances
			}
			return err
		case "start":
			out, err := w.StartInstances(c, &engine.StartInstancesInput{InstanceIds: ids})
			if err == nil {
				changes = out.StartingInstances
			}
			return err
		case "reboot":
			_, err := w.RebootInstances(c, &engine.RebootInstancesInput{InstanceIds: ids})
			done = "Rebooting " + joinIDs(ids) + "."
			return err
		case "terminate":
			out, err := w.TerminateInstances(c, &engine.TerminateInstancesInput{InstanceIds: ids})
			if err == nil {
				changes = out.TerminatingInstances
			}
			return err
		}
		return nil
	})
	for _, ch := range changes {
		if done != "" {
			done += " "
		}
		done += ch.InstanceId + ": " + ch.PreviousState.Name + " → " + ch.CurrentState.Name + "."
	}
	t.report(outcomeOf(done, err))
}

// onDialog opens the form of an action on the selected instances.
func (t *InstancesTab) onDialog(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.dialog = valueOf(ctx)
	sel := t.selection()
	if len(sel) > 0 {
		if in, ok := t.sb.world.InstanceView(t.sb.caller(), sel[0]); ok {
			t.newType = in.InstanceType
		}
	}
	t.shutdown = "stop"
	t.Update()
	focusLater(ctx, "dialog-"+t.dialog+"-first")
}

func (t *InstancesTab) onCloseDialog(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.dialog = ""
	t.Update()
}

// dialogUI draws the open action form.
func (t *InstancesTab) dialogUI(sel []string) app.UI {
	if t.dialog == "" || len(sel) == 0 {
		return nil
	}
	cancel := button("", "Cancel", t.onCloseDialog)
	first := "dialog-" + t.dialog + "-first"
	switch t.dialog {
	case "create-image":
		return panel("dialog-create-image", "Create an image from "+sel[0],
			el("div", "row",
				textField(first, "Image name", t.imgName, "my-web-server-v1", func(ctx app.Context, e app.Event) {
					ctx.PreventUpdate()
					t.imgName = valueOf(ctx)
				}),
				textField("image-description", "Description", t.imgDesc, "optional", func(ctx app.Context, e app.Event) {
					ctx.PreventUpdate()
					t.imgDesc = valueOf(ctx)
				}),
			),
			el("p", "", el("label", "inline",
				app.ElemSelfClosing("input").ID("image-no-reboot").Attr("type", "checkbox").Attr("checked", t.noReboot).OnChange(func(ctx app.Context, e app.Event) {
					ctx.PreventUpdate()
					t.noReboot = checkedOf(ctx)
				}),
				app.Text("No reboot (faster, but the file system may be caught mid-write)"),
			)),
			el("div", "actions",
				button("create-image-submit", "Create image", t.onCreateImage).Class("primary"),
				cancel,
			),
		)
	case "change-type":
		return panel("dialog-change-type", "Change the instance type of "+joinIDs(sel),
			textEl("p", "type-info", "The engine accepts a new type only while an instance is stopped; the new rate applies from its next start."),
			selectField(first, "Instance type", t.newType, typeOptions(), func(ctx app.Context, e app.Event) {
				ctx.PreventUpdate()
				t.newType = valueOf(ctx)
			}),
			el("div", "actions",
				button("change-type-submit", "Apply", t.onModify).Class("primary").Attr("value", "instanceType"),
				cancel,
			),
		)
	case "protection":
		return panel("dialog-protection", "Termination protection of "+joinIDs(sel),
			textEl("p", "type-info", "While protection is on, terminating the instance fails with OperationNotPermitted."),
			el("div", "actions",
				button(first, "Turn protection on", t.onModify).Attr("value", "protect-on"),
				button("protection-off", "Turn protection off", t.onModify).Attr("value", "protect-off"),
				cancel,
			),
		)
	case "shutdown":
		return panel("dialog-shutdown", "Shutdown behaviour of "+joinIDs(sel),
			textEl("p", "type-info", "What a shutdown from inside the instance does: stop it, or terminate it."),
			selectField(first, "On shutdown", t.shutdown, []option{{"stop", "Stop"}, {"terminate", "Terminate"}}, func(ctx app.Context, e app.Event) {
				ctx.PreventUpdate()
				t.shutdown = valueOf(ctx)
			}),
			el("div", "actions",
				button("shutdown-submit", "Apply", t.onModify).Class("primary").Attr("value", "shutdown"),
				cancel,
			),
		)
	}
	return nil
}

func (t *InstancesTab) onCreateImage(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	sel := t.selection()
	if len(sel) != 1 {
		return
	}
	var id string
	err := t.sb.do(func(w *engine.World, c engine.Caller) error {
		out, err := w.CreateImage(c, &engine.CreateImageInput{InstanceId: sel[0], Name: t.imgName, Description: t.imgDesc, NoReboot: t.noReboot})
		if err == nil {
			id = out.ImageId
		}
		return err
	})
	if err == nil {
		t.dialog, t.imgName, t.imgDesc, t.noReboot = "", "", "", false
	}
	t.report(outcomeOf("Creating image "+id+" from "+sel[0]+"; it is pending until its snapshots complete.", err))
}

// onModify changes one attribute of every selected instance.
func (t *InstancesTab) onModify(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	sel := t.selection()
	in := engine.ModifyInstanceAttributeInput{}
	what := ""
	switch valueOf(ctx) {
	case "instanceType":
		in.InstanceType = &engine.AttributeValue{Value: t.newType}
		what = "instance type set to " + t.newType
	case "protect-on", "protect-off":
		on := valueOf(ctx) == "protect-on"
		in.DisableApiTermination = &engine.AttributeBooleanValue{Value: on}
		what = "termination protection " + map[bool]string{true: "on", false: "off"}[on]
	case "shutdown":
		in.InstanceInitiatedShutdownBehavior = &engine.AttributeValue{Value: t.shutdown}
		what = "shutdown behaviour set to " + t.shutdown
	}
	var done []string
	err := t.sb.do(func(w *engine.World, c engine.Caller) error {
		for _, id := range sel {
			req := in
			req.InstanceId = id
			if _, err := w.ModifyInstanceAttribute(c, &req); err != nil {
				return err
			}
			done = append(done, id)
		}
		return nil
	})
	if err == nil {
		t.dialog = ""
	}
	t.report(outcomeOf(joinIDs(done)+": "+what+".", err))
}

// typeOptions lists the instance types with their size and price.
func typeOptions() []option {
	var opts []option
	for _, it := range engine.InstanceTypes() {
		opts = append(opts, option{Value: it.Name, Label: typeLabel(it)})
	}
	return opts
}

// typeLabel describes an instance type in one line.
func typeLabel(it engine.InstanceTypeSpec) string {
	s := it.Name + " · " + plural(it.VCPU, "vCPU") + " · " + strconv.FormatFloat(float64(it.MemoryMiB)/1024, 'f', -1, 64) + " GiB · " +
		money(it.PricePerHour) + "/h"
	if it.StoreGB() > 0 {
		s += " · " + strconv.Itoa(it.StoreGB()) + " GB instance store"
	}
	return s
}

// instanceDetails describes one instance: addresses, storage, attributes.
func instanceDetails(sb *sandbox, id string) app.UI {
	in, ok := sb.world.InstanceView(sb.caller(), id)
	if !ok {
		return nil
	}
	c := sb.caller()
	attr := func(name string) *engine.DescribeInstanceAttributeOutput {
		out, err := sb.world.DescribeInstanceAttribute(c, &engine.DescribeInstanceAttributeInput{InstanceId: id, Attribute: name})
		if err != nil {
			return &engine.DescribeInstanceAttributeOutput{}
		}
		return out
	}
	protection := "off"
	if p := attr("disableApiTermination").DisableApiTermination; p != nil && p.Value {
		protection = "on"
	}
	shutdown := ""
	if s := attr("instanceInitiatedShutdownBehavior").InstanceInitiatedShutdownBehavior; s != nil {
		shutdown = s.Value
	}
	var groups []string
	for _, g := range in.SecurityGroups {
		groups = append(groups, g.GroupName+" ("+g.GroupId+")")
	}
	reason := in.StateTransitionReason
	if in.StateReason != nil {
		reason += " " + in.StateReason.Message
	}
	facts := []struct{ K, V string }{
		{"Instance ID", in.InstanceId},
		{"State", in.State.Name + " (code " + strconv.Itoa(in.State.Code) + ")"},
		{"Last change", reason},
		{"Type", in.InstanceType},
		{"AMI", in.ImageId},
		{"Root device", in.RootDeviceType + " " + in.RootDeviceName},
		{"Key pair", in.KeyName},
		{"Security groups", joinIDs(groups)},
		{"Private IP", in.PrivateIpAddress},
		{"Public IP", in.PublicIpAddress},
		{"Public DNS", in.PublicDnsName},
		{"Termination protection", protection},
		{"Shutdown behaviour", shutdown},
	}
	return app.Elem("section").Class("panel").ID("instance-details").Aria("label", "Details of "+id).Body(
		textEl("h3", "", "Details of "+id),
		el("dl", "facts",
			app.Range(facts).Slice(func(i int) app.UI {
				if facts[i].V == "" {
					return nil
				}
				return el("div", "", textEl("dt", "", facts[i].K), textEl("dd", "", facts[i].V))
			}),
		),
		textEl("h3", "", "Storage"),
		diskTable(sb, in),
	)
}
