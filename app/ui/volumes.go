package ui

import (
	"strconv"

	"amilab/engine"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

const (
	volumesTable   = "volumes"
	snapshotsTable = "snapshots"
)

var volumeColumns = []column{
	{Title: "Volume ID", Class: "mono"},
	{Title: "Size", Class: "num"},
	{Title: "Type"},
	{Title: "State"},
	{Title: "Attached to", Class: "mono"},
	{Title: "If that instance terminates"},
	{Title: "From snapshot", Class: "mono"},
	{Title: "Zone"},
	{Title: "Created"},
}

var snapshotColumns = []column{
	{Title: "Snapshot ID", Class: "mono"},
	{Title: "Volume", Class: "mono"},
	{Title: "Size", Class: "num"},
	{Title: "State"},
	{Title: "Progress", Class: "num"},
	{Title: "Description", Class: "wrap"},
	{Title: "Started"},
}

var diskColumns = []column{
	{Title: "Device", Class: "mono"},
	{Title: "Storage", Class: "mono"},
	{Title: "Size", Class: "num"},
	{Title: "On stop"},
	{Title: "On terminate"},
}

// VolumesTab shows the caller's EBS volumes (what is attached where, and
// what terminating an instance deletes), every instance's instance store,
// and the snapshots.
type VolumesTab struct {
	liveCompo

	volCache, snapCache rowCache
	volIDs, snapIDs     []string
	result              *outcome
}

func (t *VolumesTab) watches() int { return changeWorld | changeSelection }

// volumeRows are the rows of the volume table: where each volume is
// attached and what terminating that instance does to it.
func volumeRows(sb *sandbox) []row {
	out, err := sb.world.DescribeVolumes(sb.caller(), &engine.DescribeVolumesInput{})
	if err != nil {
		return nil
	}
	rows := make([]row, len(out.Volumes))
	for i, v := range out.Volumes {
		attached, fate := "", "not attached: stays until you delete it"
		for _, a := range v.Attachments {
			attached = a.InstanceId + " " + a.Device
			fate = "kept (becomes available)"
			if a.DeleteOnTermination {
				fate = "deleted"
			}
		}
		rows[i] = row{Key: v.VolumeId, Cells: []cell{
			{Text: v.VolumeId},
			{Text: strconv.Itoa(v.Size) + " GiB"},
			{Text: v.VolumeType},
			{Text: v.State, Badge: v.State},
			{Text: attached},
			{Text: fate},
			{Text: v.SnapshotId},
			{Text: v.AvailabilityZone},
			{Text: clockText(v.CreateTime.Time)},
		}}
	}
	return rows
}

// snapshotRows are the rows of the snapshot table.
func snapshotRows(sb *sandbox) []row {
	out, err := sb.world.DescribeSnapshots(sb.caller(), &engine.DescribeSnapshotsInput{OwnerIds: []string{"self"}})
	if err != nil {
		return nil
	}
	rows := make([]row, len(out.Snapshots))
	for i, s := range out.Snapshots {
		rows[i] = row{Key: s.SnapshotId, Cells: []cell{
			{Text: s.SnapshotId},
			{Text: s.VolumeId},
			{Text: strconv.Itoa(s.VolumeSize) + " GiB"},
			{Text: s.State, Badge: s.State},
			{Text: s.Progress},
			{Text: s.Description},
			{Text: clockText(s.StartTime.Time)},
		}}
	}
	return rows
}

// Render draws the tab.
func (t *VolumesTab) Render() app.UI {
	sb := t.sb
	var volRows, snapRows []row
	volRows, t.volIDs = t.volCache.get(sb, volumesTable, "", func() []row { return volumeRows(sb) })
	snapRows, t.snapIDs = t.snapCache.get(sb, snapshotsTable, "", func() []row { return snapshotRows(sb) })
	selVols := sb.selected(volumesTable, t.volIDs)
	selSnaps := sb.selected(snapshotsTable, t.snapIDs)
	return app.Elem("div").ID("volumes-tab").Body(
		textEl("h2", "", "EBS volumes · "+sb.saved.Region),
		textEl("p", "type-info", "EBS volumes live apart from instances: they survive a stop, and a terminate deletes only those marked delete on termination (the root volume, by default)."),
		app.Elem("div").Class("toolbar").Role("toolbar").Aria("label", "Volume actions").Body(
			actionButton("action-snapshot", "Create snapshot", "snapshot", len(selVols) == 0, t.onAction),
			actionButton("action-delete-volume", "Delete volume", "delete-volume", len(selVols) == 0, t.onAction).Class("danger"),
		),
		slot(outcomeUI("volumes-result", t.result, t.onDismiss)),
		&DataTable{ID: volumesTable, Caption: "EBS volumes", KeyAttr: "volume-id", Columns: volumeColumns, Rows: volRows,
			Selectable: true, Empty: "No volumes: launching an EBS-backed instance creates its root volume."},
		textEl("h2", "", "Instance store"),
		textEl("p", "type-info", "Instance store disks belong to the host: their data survives a reboot and is lost on stop, terminate or host failure."),
		t.instanceStores(),
		textEl("h2", "", "Snapshots"),
		app.Elem("div").Class("toolbar").Role("toolbar").Aria("label", "Snapshot actions").Body(
			actionButton("action-delete-snapshot", "Delete snapshot", "delete-snapshot", len(selSnaps) == 0, t.onAction).Class("danger"),
		),
		&DataTable{ID: snapshotsTable, Caption: "Snapshots", KeyAttr: "snapshot-id", Columns: snapshotColumns, Rows: snapRows,
			Selectable: true, Empty: "No snapshots: creating an image from an EBS-backed instance takes one per volume."},
	)
}

// instanceStores lists the instance-store disks of the caller's instances.
func (t *VolumesTab) instanceStores() app.UI {
	var rows []row
	for _, in := range instanceList(t.sb) {
		for _, d := range t.sb.world.Disks(in.InstanceId) {
			if d.InstanceStore {
				rows = append(rows, row{Key: in.InstanceId + d.Device, Cells: []cell{
					{Text: in.InstanceId},
					{Text: d.Device + " (" + d.VirtualName + ")"},
					{Text: strconv.Itoa(d.SizeGB) + " GB"},
					{Text: in.State.Name, Badge: in.State.Name},
				}})
			}
		}
	}
	return &DataTable{ID: "instance-store", Caption: "Instance store disks",
		Columns: []column{{Title: "Instance", Class: "mono"}, {Title: "Device", Class: "mono"}, {Title: "Size", Class: "num"}, {Title: "Instance state"}},
		Rows:    rows, Empty: "No instance has instance store. Types such as m5d.large, c5d.large and i3.large have it."}
}

func (t *VolumesTab) onDismiss(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.result = nil
	t.Update()
}

// onAction snapshots or deletes the selected volumes, or deletes the selected snapshots.
func (t *VolumesTab) onAction(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	action := valueOf(ctx)
	vols := t.sb.selected(volumesTable, t.volIDs)
	snaps := t.sb.selected(snapshotsTable, t.snapIDs)
	var done []string
	err := t.sb.do(func(w *engine.World, c engine.Caller) error {
		switch action {
		case "snapshot":
			for _, id := range vols {
				s, err := w.CreateSnapshot(c, &engine.CreateSnapshotInput{VolumeId: id, Description: "Snapshot of " + id})
				if err != nil {
					return err
				}
				done = append(done, "started "+s.SnapshotId+" of "+id)
			}
		case "delete-volume":
			for _, id := range vols {
				if _, err := w.DeleteVolume(c, &engine.DeleteVolumeInput{VolumeId: id}); err != nil {
					return err
				}
				done = append(done, "deleted "+id)
			}
		case "delete-snapshot":
			for _, id := range snaps {
				if _, err := w.DeleteSnapshot(c, &engine.DeleteSnapshotInput{SnapshotId: id}); err != nil {
					return err
				}
				done = append(done, "deleted "+id)
			}
		}
		return nil
	})
	t.result = outcomeOf(capitalize(joinIDs(done))+".", err)
	t.Update()
}

// fateText words a disk's fate (engine.Disk.Fate) for the table.
func fateText(fate string) string {
	switch fate {
	case engine.FateLost:
		return "data lost"
	case engine.FateDetached:
		return "kept (becomes available)"
	}
	return fate
}

// diskTable lists an instance's devices and what a stop and a terminate do
// to each.
func diskTable(sb *sandbox, in engine.Instance) app.UI {
	var rows []row
	for _, d := range sb.world.Disks(in.InstanceId) {
		name, storage, size := d.Device, d.VolumeId, strconv.Itoa(d.SizeGB)+" GiB"
		if d.Root {
			name += " (root)"
		}
		if d.InstanceStore {
			storage, size = "instance store "+d.VirtualName, strconv.Itoa(d.SizeGB)+" GB"
		}
		rows = append(rows, row{Key: d.Device, Cells: []cell{{Text: name}, {Text: storage}, {Text: size},
			{Text: fateText(d.Fate(engine.ActStop))}, {Text: fateText(d.Fate(engine.ActTerminate))}}})
	}
	return &DataTable{ID: "disks", Caption: "Devices of " + in.InstanceId, KeyAttr: "device", Columns: diskColumns, Rows: rows,
		Empty: "No devices attached."}
}

// capitalize upper-cases the first letter of a message.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		return string(c-'a'+'A') + s[1:]
	}
	return s
}
