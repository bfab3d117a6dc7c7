package ui

import (
	"strconv"
	"strings"

	"amilab/engine"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Image picker categories, as the engine names them (engine.World.ImageCategory).
const (
	catQuickStart  = "Quick Start"
	catMine        = "My AMIs"
	catShared      = "Shared with me"
	catMarketplace = "Marketplace"
	catCommunity   = "Community"
)

// pickerTabs are the picker's categories; My AMIs also lists images shared
// with the caller, as the console does.
var pickerTabs = []string{catQuickStart, catMine, catMarketplace, catCommunity}

var volumeTypes = []string{"gp3", "gp2", "io1", "io2", "st1", "sc1", "standard"}

// draftVolume is an extra EBS volume in the launch wizard.
type draftVolume struct {
	Device              string
	SizeGB              int
	Type                string
	DeleteOnTermination bool
}

// launchDraft is the launch wizard's form. It lives in the sandbox, so the
// learner can look at another tab and come back to it.
type launchDraft struct {
	Name     string
	Category string
	Search   string
	ImageID  string
	Type     string
	Count    int
	KeyName  string
	GroupID  string
	RootSize int
	RootType string
	Volumes  []draftVolume
	MapStore bool
	UserData string
	Tags     []engine.Tag
	Shutdown string
	Protect  bool
	NewKey   string

	Result   *outcome
	Launched []string
}

// openLaunch opens the launch wizard on the Instances tab, with an image
// chosen already when imageID is set.
func (s *sandbox) openLaunch(imageID string) {
	d := &launchDraft{Category: catQuickStart, Type: "t3.micro", Count: 1, Shutdown: "stop", ImageID: imageID}
	if imageID != "" {
		d.Category = s.world.ImageCategory(s.caller(), imageID)
		if d.Category == catShared {
			d.Category = catMine
		}
	}
	if out, err := s.world.DescribeSecurityGroups(s.caller(), &engine.DescribeSecurityGroupsInput{}); err == nil {
		for _, g := range out.SecurityGroups {
			if g.GroupName == "default" {
				d.GroupID = g.GroupId
			}
		}
	}
	s.draft = d
	s.saved.Tab = tabInstances
	s.changed(changeSelection | changeView)
}

// closeLaunch closes the launch wizard.
func (s *sandbox) closeLaunch() {
	s.draft = nil
	s.changed(changeSelection)
}

// LaunchWizard is the form that launches instances: image, type, count, key
// pair, security group, storage, user data and tags. The engine checks
// everything; its errors are shown beside the Launch button.
type LaunchWizard struct {
	liveCompo
}

func (w *LaunchWizard) watches() int { return changeWorld | changeSelection }

// edit changes the draft and redraws the wizard alone.
func (w *LaunchWizard) edit(ctx app.Context, change func(d *launchDraft)) {
	ctx.PreventUpdate()
	if w.sb.draft == nil {
		return
	}
	change(w.sb.draft)
	w.Update()
}

// Render draws the wizard.
func (w *LaunchWizard) Render() app.UI {
	d := w.sb.draft
	if d == nil {
		return app.Elem("div")
	}
	if len(d.Launched) > 0 {
		return panel("launch-wizard", "Launched",
			app.Elem("p").ID("launch-done").Role("status").Text("Launched "+plural(len(d.Launched), "instance")+": "+joinIDs(d.Launched)+
				". They are pending while they boot; watch the State column."),
			el("div", "actions",
				button("launch-close", "Close", w.onClose).Class("primary"),
				button("launch-again", "Launch more like these", w.onAgain),
			),
		)
	}
	image := w.image(d.ImageID)
	spec, _ := engine.LookupInstanceType(d.Type)
	return app.Elem("section").ID("launch-wizard").Class("panel wizard").Aria("labelledby", "launch-title").Body(
		app.Elem("h3").ID("launch-title").Text("Launch instances"),
		el("div", "row",
			textField("launch-name", "Name", d.Name, "web-1", func(ctx app.Context, e app.Event) {
				w.edit(ctx, func(d *launchDraft) { d.Name = valueOf(ctx) })
			}),
		),
		w.imagePicker(d),
		el("fieldset", "",
			textEl("legend", "", "Instance type and count"),
			el("div", "row",
				selectField("launch-type", "Instance type", d.Type, typeOptions(), func(ctx app.Context, e app.Event) {
					w.edit(ctx, func(d *launchDraft) { d.Type = valueOf(ctx) })
				}),
				app.Elem("label").Class("field").Attr("for", "launch-count").Body(
					textEl("span", "", "Number of instances"),
					app.ElemSelfClosing("input").ID("launch-count").Attr("type", "number").Attr("min", 1).Attr("max", 50).Attr("value", d.Count).OnInput(func(ctx app.Context, e app.Event) {
						w.edit(ctx, func(d *launchDraft) { d.Count, _ = strconv.Atoi(valueOf(ctx)) })
					}),
				),
			),
			textEl("p", "type-info", "Architectures: "+strings.Join(spec.Archs, ", ")+" · virtualization: "+strings.Join(spec.Virt, ", ")+
				" · root devices: "+strings.Join(spec.RootDevices, ", ")),
		),
		w.access(d),
		w.storage(d, image, spec),
		el("fieldset", "",
			textEl("legend", "", "Advanced"),
			app.Elem("label").Class("field").Attr("for", "launch-user-data").Body(
				textEl("span", "", "User data (runs on first boot)"),
				app.Elem("textarea").ID("launch-user-data").Text(d.UserData).OnInput(func(ctx app.Context, e app.Event) {
					w.edit(ctx, func(d *launchDraft) { d.UserData = valueOf(ctx) })
				}),
			),
			el("div", "row",
				selectField("launch-shutdown", "Shutdown behaviour", d.Shutdown, []option{{"stop", "Stop"}, {"terminate", "Terminate"}}, func(ctx app.Context, e app.Event) {
					w.edit(ctx, func(d *launchDraft) { d.Shutdown = valueOf(ctx) })
				}),
				el("label", "inline",
					app.ElemSelfClosing("input").ID("launch-protect").Attr("type", "checkbox").Attr("checked", d.Protect).OnChange(func(ctx app.Context, e app.Event) {
						w.edit(ctx, func(d *launchDraft) { d.Protect = checkedOf(ctx) })
					}),
					app.Text("Termination protection"),
				),
			),
			w.tags(d),
		),
		outcomeUI("launch-result", d.Result, func(ctx app.Context, e app.Event) {
			w.edit(ctx, func(d *launchDraft) { d.Result = nil })
		}),
		el("div", "actions",
			button("launch-submit", "Launch "+plural(max(d.Count, 1), "instance"), w.onLaunch).Class("primary"),
			button("launch-cancel", "Cancel", w.onClose),
		),
	)
}

// image returns the chosen image as the caller sees it.
func (w *LaunchWizard) image(id string) *engine.Image {
	if id == "" {
		return nil
	}
	out, err := w.sb.world.DescribeImages(w.sb.caller(), &engine.DescribeImagesInput{ImageIds: []string{id}})
	if err != nil || len(out.Images) == 0 {
		return nil
	}
	return &out.Images[0]
}

// imagePicker lists the images of one category, filtered by the search.
func (w *LaunchWizard) imagePicker(d *launchDraft) app.UI {
	c := w.sb.caller()
	out, _ := w.sb.world.DescribeImages(c, &engine.DescribeImagesInput{})
	var images []engine.Image
	if out != nil {
		q := strings.ToLower(strings.TrimSpace(d.Search))
		for _, im := range out.Images {
			cat := w.sb.world.ImageCategory(c, im.ImageId)
			if cat == catShared {
				cat = catMine
			}
			text := strings.ToLower(im.Name + " " + im.ImageId + " " + im.Description)
			if cat == d.Category && (q == "" || strings.Contains(text, q)) {
				images = append(images, im)
			}
		}
	}
	return app.Elem("fieldset").ID("image-picker").Body(
		textEl("legend", "", "Application and OS image (AMI)"),
		app.Elem("div").Class("catalog-tabs").Role("group").Aria("label", "Catalogue").Body(
			app.Range(pickerTabs).Slice(func(i int) app.UI {
				return button("", pickerTabs[i], w.onCategory).
					DataSet("testid", "catalog-"+strings.ReplaceAll(strings.ToLower(pickerTabs[i]), " ", "-")).
					Aria("pressed", pickerTabs[i] == d.Category).
					Attr("value", pickerTabs[i])
			}),
		),
		app.Elem("label").Class("field").Attr("for", "image-search").Body(
			textEl("span", "", "Search "+d.Category),
			app.ElemSelfClosing("input").ID("image-search").Attr("type", "search").Attr("value", d.Search).Attr("placeholder", "name, id or description").
				OnInput(func(ctx app.Context, e app.Event) {
					w.edit(ctx, func(d *launchDraft) { d.Search = valueOf(ctx) })
				}),
		),
		app.Elem("ul").Class("image-list").Role("radiogroup").Aria("label", d.Category+" images").Body(
			app.If(len(images) == 0, app.Elem("li").Class("type-info").Style("padding", "8px").Text("No image matches.")),
			app.Range(images).Slice(func(i int) app.UI {
				im := images[i]
				sub := im.ImageId + " · " + im.Architecture + " · " + im.RootDeviceType + " · " + im.VirtualizationType
				if im.State != "available" {
					sub += " · " + im.State
				}
				if im.OwnerId != c.Account {
					sub += " · owner " + ownerLabel(im)
				}
				if len(im.ProductCodes) > 0 {
					sub += " · software charge " + money(w.sb.world.ImageSurcharge(im.ImageId)) + "/h"
				}
				return app.Elem("li").DataSet("image-id", im.ImageId).Body(
					el("label", "",
						app.ElemSelfClosing("input").Attr("type", "radio").Attr("name", "launch-image").Attr("value", im.ImageId).
							Attr("checked", im.ImageId == d.ImageID).OnChange(w.onImage),
						el("div", "",
							app.Text(im.Name),
							textEl("span", "sub", sub),
							app.If(im.Description != "", textEl("span", "sub", im.Description)),
						),
					),
				)
			}),
		),
	)
}

// ownerLabel names an image's owner: its alias or its account id.
func ownerLabel(im engine.Image) string {
	if im.ImageOwnerAlias != "" {
		return im.ImageOwnerAlias
	}
	return im.OwnerId
}

// access chooses the key pair and the security group.
func (w *LaunchWizard) access(d *launchDraft) app.UI {
	c := w.sb.caller()
	keys := []option{{"", "Proceed without a key pair"}}
	if out, err := w.sb.world.DescribeKeyPairs(c, &engine.DescribeKeyPairsInput{}); err == nil {
		for _, k := range out.KeyPairs {
			keys = append(keys, option{k.KeyName, k.KeyName})
		}
	}
	var groups []option
	if out, err := w.sb.world.DescribeSecurityGroups(c, &engine.DescribeSecurityGroupsInput{}); err == nil {
		for _, g := range out.SecurityGroups {
			groups = append(groups, option{g.GroupId, g.GroupName + " (" + g.GroupId + ")"})
		}
	}
	return el("fieldset", "",
		textEl("legend", "", "Key pair and network"),
		el("div", "row",
			selectField("launch-key", "Key pair", d.KeyName, keys, func(ctx app.Context, e app.Event) {
				w.edit(ctx, func(d *launchDraft) { d.KeyName = valueOf(ctx) })
			}),
			textField("launch-new-key", "New key pair name", d.NewKey, "my-key", func(ctx app.Context, e app.Event) {
				w.edit(ctx, func(d *launchDraft) { d.NewKey = valueOf(ctx) })
			}),
			button("launch-create-key", "Create key pair", w.onCreateKey),
			selectField("launch-group", "Security group", d.GroupID, groups, func(ctx app.Context, e app.Event) {
				w.edit(ctx, func(d *launchDraft) { d.GroupID = valueOf(ctx) })
			}),
		),
	)
}

// storage sets the root volume, extra EBS volumes and the instance store.
func (w *LaunchWizard) storage(d *launchDraft, image *engine.Image, spec engine.InstanceTypeSpec) app.UI {
	var root app.UI = textEl("p", "type-info", "Choose an image to see its root device.")
	if image != nil {
		var rootEBS *engine.EbsBlockDevice
		for _, m := range image.BlockDeviceMappings {
			if m.DeviceName == image.RootDeviceName && m.Ebs != nil {
				rootEBS = m.Ebs
			}
		}
		if rootEBS == nil {
			root = textEl("p", "store-note", "Root device "+image.RootDeviceName+" is instance store, copied from the image's bundle: "+
				"its data is lost when the instance terminates, and such an instance cannot be stopped.")
		} else {
			size := d.RootSize
			if size == 0 {
				size = rootEBS.VolumeSize
			}
			rtype := d.RootType
			if rtype == "" {
				rtype = rootEBS.VolumeType
			}
			root = el("div", "vol",
				textEl("span", "", "Root "+image.RootDeviceName+" (from "+rootEBS.SnapshotId+")"),
				app.Elem("label").Class("field").Attr("for", "launch-root-size").Body(
					textEl("span", "", "Size (GiB)"),
					app.ElemSelfClosing("input").ID("launch-root-size").Attr("type", "number").Attr("min", 1).Attr("value", size).OnInput(func(ctx app.Context, e app.Event) {
						w.edit(ctx, func(d *launchDraft) { d.RootSize, _ = strconv.Atoi(valueOf(ctx)) })
					}),
				),
				selectField("launch-root-type", "Type", rtype, volumeTypeOptions(), func(ctx app.Context, e app.Event) {
					w.edit(ctx, func(d *launchDraft) { d.RootType = valueOf(ctx) })
				}),
				textEl("span", "type-info", "deleted on termination"),
			)
		}
	}
	var store app.UI
	if spec.StoreDisks > 0 {
		store = el("div", "store-note",
			textEl("p", "", spec.Name+" comes with "+strconv.Itoa(spec.StoreDisks)+" × "+strconv.Itoa(spec.StoreDiskGB)+" GB "+strings.ToUpper(spec.StoreType)+
				" instance store: fast local disks whose data survives a reboot but is lost when the instance stops, terminates or its host fails."),
			el("label", "inline",
				app.ElemSelfClosing("input").ID("launch-map-store").Attr("type", "checkbox").Attr("checked", d.MapStore).OnChange(func(ctx app.Context, e app.Event) {
					w.edit(ctx, func(d *launchDraft) { d.MapStore = checkedOf(ctx) })
				}),
				app.Text("Attach the instance store volumes"),
			),
		)
	}
	return el("fieldset", "volumes-edit",
		textEl("legend", "", "Storage"),
		root,
		app.Range(d.Volumes).Slice(func(i int) app.UI {
			v := d.Volumes[i]
			id := "launch-vol-" + strconv.Itoa(i)
			return el("div", "vol",
				textEl("span", "", "EBS "+v.Device),
				app.Elem("label").Class("field").Attr("for", id+"-size").Body(
					textEl("span", "", "Size (GiB)"),
					app.ElemSelfClosing("input").ID(id+"-size").Attr("type", "number").Attr("min", 1).Attr("value", v.SizeGB).OnInput(w.onVolumeSize),
				),
				app.Elem("label").Class("field").Attr("for", id+"-type").Body(
					textEl("span", "", "Type"),
					selectInput(id+"-type", v.Type, volumeTypeOptions(), nil).OnChange(w.onVolumeType),
				),
				el("label", "inline",
					app.ElemSelfClosing("input").ID(id+"-dot").Attr("type", "checkbox").Attr("checked", v.DeleteOnTermination).OnChange(w.onVolumeDelete),
					app.Text("Delete on termination"),
				),
				button("", "Remove", w.onVolumeRemove).Class("link").Aria("label", "Remove volume "+v.Device),
			)
		}),
		el("div", "", button("launch-add-volume", "Add EBS volume", w.onVolumeAdd)),
		store,
	)
}

// tags edits the instance's tags besides Name.
func (w *LaunchWizard) tags(d *launchDraft) app.UI {
	return el("div", "tags-edit",
		textEl("span", "type-info", "Tags"),
		app.Range(d.Tags).Slice(func(i int) app.UI {
			id := "launch-tag-" + strconv.Itoa(i)
			return el("div", "tag",
				app.ElemSelfClosing("input").ID(id+"-key").Aria("label", "Tag key").Attr("placeholder", "key").Attr("value", d.Tags[i].Key).OnInput(w.onTagKey),
				app.ElemSelfClosing("input").ID(id+"-value").Aria("label", "Tag value").Attr("placeholder", "value").Attr("value", d.Tags[i].Value).OnInput(w.onTagValue),
				button("", "Remove", w.onTagRemove).Class("link").Aria("label", "Remove tag"),
			)
		}),
		button("launch-add-tag", "Add tag", w.onTagAdd),
	)
}

func volumeTypeOptions() []option {
	opts := make([]option, len(volumeTypes))
	for i, t := range volumeTypes {
		opts[i] = option{t, t}
	}
	return opts
}

// indexOf reads the list index of the element an event came from out of its
// id ("launch-vol-2-size" gives 2), so that one handler serves every row.
func indexOf(ctx app.Context) int {
	parts := strings.Split(ctx.JSSrc().Get("id").String(), "-")
	if len(parts) < 3 {
		return -1
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil {
		return -1
	}
	return n
}

// editRow applies change to the draft and the index of the row the event
// came from, when that index is below the number of rows rows counts.
func (w *LaunchWizard) editRow(ctx app.Context, rows func(d *launchDraft) int, change func(d *launchDraft, i int)) {
	w.edit(ctx, func(d *launchDraft) {
		if i := indexOf(ctx); i >= 0 && i < rows(d) {
			change(d, i)
		}
	})
}

func draftVolumeCount(d *launchDraft) int { return len(d.Volumes) }

func draftTagCount(d *launchDraft) int { return len(d.Tags) }

func (w *LaunchWizard) onVolumeSize(ctx app.Context, e app.Event) {
	w.editRow(ctx, draftVolumeCount, func(d *launchDraft, i int) { d.Volumes[i].SizeGB, _ = strconv.Atoi(valueOf(ctx)) })
}

func (w *LaunchWizard) onVolumeType(ctx app.Context, e app.Event) {
	w.editRow(ctx, draftVolumeCount, func(d *launchDraft, i int) { d.Volumes[i].Type = valueOf(ctx) })
}

func (w *LaunchWizard) onVolumeDelete(ctx app.Context, e app.Event) {
	w.editRow(ctx, draftVolumeCount, func(d *launchDraft, i int) { d.Volumes[i].DeleteOnTermination = checkedOf(ctx) })
}

func (w *LaunchWizard) onVolumeRemove(ctx app.Context, e app.Event) {
	w.editRow(ctx, draftVolumeCount, func(d *launchDraft, i int) { d.Volumes = append(d.Volumes[:i], d.Volumes[i+1:]...) })
}

func (w *LaunchWizard) onVolumeAdd(ctx app.Context, e app.Event) {
	w.edit(ctx, func(d *launchDraft) {
		used := map[string]bool{}
		for _, v := range d.Volumes {
			used[v.Device] = true
		}
		dev := ""
		for c := 'f'; c <= 'p' && dev == ""; c++ {
			if name := "/dev/sd" + string(c); !used[name] {
				dev = name
			}
		}
		if dev != "" {
			d.Volumes = append(d.Volumes, draftVolume{Device: dev, SizeGB: 8, Type: "gp3"})
		}
	})
}

func (w *LaunchWizard) onTagKey(ctx app.Context, e app.Event) {
	w.editRow(ctx, draftTagCount, func(d *launchDraft, i int) { d.Tags[i].Key = valueOf(ctx) })
}

func (w *LaunchWizard) onTagValue(ctx app.Context, e app.Event) {
	w.editRow(ctx, draftTagCount, func(d *launchDraft, i int) { d.Tags[i].Value = valueOf(ctx) })
}

func (w *LaunchWizard) onTagRemove(ctx app.Context, e app.Event) {
	w.editRow(ctx, draftTagCount, func(d *launchDraft, i int) { d.Tags = append(d.Tags[:i], d.Tags[i+1:]...) })
}

func (w *LaunchWizard) onTagAdd(ctx app.Context, e app.Event) {
	w.edit(ctx, func(d *launchDraft) { d.Tags = append(d.Tags, engine.Tag{}) })
}

func (w *LaunchWizard) onCategory(ctx app.Context, e app.Event) {
	w.edit(ctx, func(d *launchDraft) { d.Category, d.Search = valueOf(ctx), "" })
}

func (w *LaunchWizard) onImage(ctx app.Context, e app.Event) {
	w.edit(ctx, func(d *launchDraft) { d.ImageID, d.RootSize, d.RootType = valueOf(ctx), 0, "" })
}

func (w *LaunchWizard) onClose(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	w.sb.closeLaunch()
}

func (w *LaunchWizard) onAgain(ctx app.Context, e app.Event) {
	w.edit(ctx, func(d *launchDraft) { d.Launched, d.Result = nil, nil })
}

// onCreateKey creates a key pair and offers its private key as a download.
func (w *LaunchWizard) onCreateKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	d := w.sb.draft
	if d == nil {
		return
	}
	var out *engine.CreateKeyPairOutput
	err := w.sb.do(func(wd *engine.World, c engine.Caller) error {
		var err error
		out, err = wd.CreateKeyPair(c, &engine.CreateKeyPairInput{KeyName: d.NewKey})
		return err
	})
	if err == nil {
		d.KeyName, d.NewKey = out.KeyName, ""
		download(out.KeyName+".pem", "application/x-pem-file", out.KeyMaterial)
		d.Result = outcomeOf("Created key pair "+out.KeyName+"; its private key was downloaded (the sandbox cannot show it again).", nil)
	} else {
		d.Result = outcomeOf("", err)
	}
	w.Update()
}

// request builds the RunInstances request from the draft.
func (d *launchDraft) request(image *engine.Image) *engine.RunInstancesInput {
	in := &engine.RunInstancesInput{
		ImageId: d.ImageID, InstanceType: d.Type, MinCount: d.Count, MaxCount: d.Count, KeyName: d.KeyName,
		UserData: d.UserData, InstanceInitiatedShutdownBehavior: d.Shutdown, DisableApiTermination: d.Protect,
	}
	if d.GroupID != "" {
		in.SecurityGroupIds = []string{d.GroupID}
	}
	var tags []engine.Tag
	if d.Name != "" {
		tags = append(tags, engine.Tag{Key: "Name", Value: d.Name})
	}
	for _, t := range d.Tags {
		if t.Key != "" {
			tags = append(tags, t)
		}
	}
	if len(tags) > 0 {
		in.TagSpecifications = []engine.TagSpecification{{ResourceType: "instance", Tags: tags}}
	}
	if image != nil && (d.RootSize > 0 || d.RootType != "") {
		in.BlockDeviceMappings = append(in.BlockDeviceMappings, engine.BlockDeviceMapping{
			DeviceName: image.RootDeviceName, Ebs: &engine.EbsBlockDevice{VolumeSize: d.RootSize, VolumeType: d.RootType},
		})
	}
	for _, v := range d.Volumes {
		dot := v.DeleteOnTermination
		in.BlockDeviceMappings = append(in.BlockDeviceMappings, engine.BlockDeviceMapping{
			DeviceName: v.Device, Ebs: &engine.EbsBlockDevice{VolumeSize: v.SizeGB, VolumeType: v.Type, DeleteOnTermination: &dot},
		})
	}
	if spec, ok := engine.LookupInstanceType(d.Type); ok && d.MapStore {
		for i := 0; i < spec.StoreDisks; i++ {
			in.BlockDeviceMappings = append(in.BlockDeviceMappings, engine.BlockDeviceMapping{
				DeviceName: "/dev/sd" + string(rune('b'+i)), VirtualName: "ephemeral" + strconv.Itoa(i),
			})
		}
	}
	return in
}

// onLaunch sends RunInstances; the engine's error, if any, stays in the form.
func (w *LaunchWizard) onLaunch(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	d := w.sb.draft
	if d == nil {
		return
	}
	var ids []string
	err := w.sb.do(func(wd *engine.World, c engine.Caller) error {
		out, err := wd.RunInstances(c, d.request(w.image(d.ImageID)))
		if err == nil {
			for _, in := range out.Instances {
				ids = append(ids, in.InstanceId)
			}
		}
		return err
	})
	if err != nil {
		d.Result = outcomeOf("", err)
		w.Update()
		return
	}
	d.Result, d.Launched = nil, ids
	w.Update()
	focusLater(ctx, "launch-close")
}
