package ui

import (
	"strings"

	"amilab/engine"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

const imagesTable = "images"

// Which images the Images tab lists.
const (
	showOwned  = "owned"
	showShared = "shared"
	showPublic = "public"
)

var imageColumns = []column{
	{Title: "Name"},
	{Title: "AMI ID", Class: "mono"},
	{Title: "State"},
	{Title: "Visibility"},
	{Title: "Owner", Class: "mono"},
	{Title: "Architecture"},
	{Title: "Root device"},
	{Title: "Created"},
	{Title: "Copied from", Class: "mono"},
}

// ImagesTab lists the images the caller owns or may use, with launch, copy
// to another region, deregister, launch permissions and tags.
type ImagesTab struct {
	liveCompo

	show    string
	cache   rowCache
	ids     []string
	result  *outcome
	dialog  string
	dest    string
	name    string
	account string
	tagKey  string
	tagVal  string
}

func (t *ImagesTab) watches() int { return changeWorld | changeSelection }

// OnInit lists the caller's own images first.
func (t *ImagesTab) OnInit() {
	t.liveCompo.OnInit()
	t.show = showOwned
}

// images returns the images of the chosen view.
func (t *ImagesTab) images() []engine.Image {
	in := &engine.DescribeImagesInput{}
	switch t.show {
	case showOwned:
		in.Owners = []string{"self"}
	case showShared:
		in.ExecutableUsers = []string{"self"}
	case showPublic:
		in.ExecutableUsers = []string{"all"}
	}
	out, err := t.sb.world.DescribeImages(t.sb.caller(), in)
	if err != nil {
		return nil
	}
	return out.Images
}

// visibility says who may launch an image, from its attributes.
func (t *ImagesTab) visibility(im engine.Image) string {
	if im.Public {
		return "public"
	}
	if im.OwnerId != t.sb.caller().Account {
		return "shared with you"
	}
	perms := t.permissions(im.ImageId)
	if len(perms) > 0 {
		return "shared with " + plural(len(perms), "account")
	}
	return "private"
}

// permissions are the launch permissions of an image the caller owns.
func (t *ImagesTab) permissions(id string) []engine.LaunchPermission {
	out, err := t.sb.world.DescribeImageAttribute(t.sb.caller(), &engine.DescribeImageAttributeInput{ImageId: id, Attribute: "launchPermission"})
	if err != nil || out.LaunchPermissions == nil {
		return nil
	}
	return *out.LaunchPermissions
}

// rows are the rows of the image table.
func (t *ImagesTab) rows() []row {
	list := t.images()
	rows := make([]row, len(list))
	for i, im := range list {
		badge := "plain"
		if im.Public {
			badge = "public"
		}
		src := ""
		if im.SourceImageId != "" {
			src = im.SourceImageId + " (" + im.SourceImageRegion + ")"
		}
		rows[i] = row{Key: im.ImageId, Cells: []cell{
			{Text: im.Name, Title: im.Description},
			{Text: im.ImageId},
			{Text: im.State, Badge: im.State},
			{Text: t.visibility(im), Badge: badge},
			{Text: ownerLabel(im)},
			{Text: im.Architecture},
			{Text: im.RootDeviceType},
			{Text: im.CreationDate},
			{Text: src},
		}}
	}
	return rows
}

// Render draws the tab.
func (t *ImagesTab) Render() app.UI {
	sb := t.sb
	var rows []row
	rows, t.ids = t.cache.get(sb, imagesTable, t.show, t.rows)
	sel := sb.selected(imagesTable, t.ids)
	none, one := len(sel) == 0, len(sel) == 1
	return app.Elem("div").ID("images-tab").Body(
		textEl("h2", "", "Images (AMIs) · "+sb.saved.Region),
		app.Elem("div").Class("toolbar").Role("toolbar").Aria("label", "Image actions").Body(
			selectInput("images-show", t.show, []option{
				{showOwned, "Owned by me"}, {showShared, "Shared with me"}, {showPublic, "Public images"},
			}, t.onShow).Aria("label", "Which images"),
			actionButton("image-launch", "Launch", "launch", !one, t.onLaunch).Class("primary"),
			actionButton("image-copy", "Copy to region", "copy", !one, t.onDialog),
			actionButton("image-permissions", "Launch permissions", "permissions", !one, t.onDialog),
			actionButton("image-tags", "Tags", "tags", !one, t.onDialog),
			actionButton("image-deregister", "Deregister", "deregister", none, t.onDeregister).Class("danger"),
		),
		slot(outcomeUI("images-result", t.result, t.onDismiss)),
		slot(t.dialogUI(sel)),
		&DataTable{ID: imagesTable, Caption: "Images", KeyAttr: "image-id", Columns: imageColumns, Rows: rows, Selectable: true,
			Empty: "No images here. Create one from an instance (Instances → Create image) or copy one from another region."},
	)
}

func (t *ImagesTab) selection() []string { return t.sb.selected(imagesTable, t.ids) }

func (t *ImagesTab) report(o *outcome) {
	t.result = o
	t.Update()
}

func (t *ImagesTab) onDismiss(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.report(nil)
}

func (t *ImagesTab) onShow(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.show, t.dialog = valueOf(ctx), ""
	t.Update()
}

func (t *ImagesTab) onLaunch(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if sel := t.selection(); len(sel) == 1 {
		t.sb.openLaunch(sel[0])
	}
}

func (t *ImagesTab) onDialog(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.dialog, t.account, t.tagKey, t.tagVal = valueOf(ctx), "", "", ""
	if sel := t.selection(); len(sel) == 1 && t.dialog == "copy" {
		t.dest = ""
		for _, r := range engine.Regions() {
			if r != t.sb.saved.Region && t.dest == "" {
				t.dest = r
			}
		}
		t.name = ""
		if out, err := t.sb.world.DescribeImages(t.sb.caller(), &engine.DescribeImagesInput{ImageIds: sel}); err == nil && len(out.Images) == 1 {
			t.name = out.Images[0].Name
		}
	}
	t.Update()
	focusLater(ctx, "dialog-"+t.dialog+"-first")
}

func (t *ImagesTab) onCloseDialog(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.dialog = ""
	t.Update()
}

// dialogUI draws the open form for the selected image.
func (t *ImagesTab) dialogUI(sel []string) app.UI {
	if t.dialog == "" || len(sel) != 1 {
		return nil
	}
	id := sel[0]
	cancel := button("", "Close", t.onCloseDialog)
	first := "dialog-" + t.dialog + "-first"
	switch t.dialog {
	case "copy":
		var regions []option
		for _, r := range engine.Regions() {
			if r != t.sb.saved.Region {
				regions = append(regions, option{r, r})
			}
		}
		return panel("dialog-copy", "Copy "+id+" to another region",
			textEl("p", "type-info", "The copy gets a new id in the destination region and records its source; launch permissions are not copied."),
			el("div", "row",
				selectField(first, "Destination region", t.dest, regions, func(ctx app.Context, e app.Event) {
					ctx.PreventUpdate()
					t.dest = valueOf(ctx)
				}),
				textField("copy-name", "Name of the copy", t.name, "", func(ctx app.Context, e app.Event) {
					ctx.PreventUpdate()
					t.name = valueOf(ctx)
				}),
			),
			el("div", "actions",
				button("copy-submit", "Copy image", t.onCopy).Class("primary"),
				cancel,
			),
		)
	case "permissions":
		perms := t.permissions(id)
		colleague, _ := t.sb.world.AccountByProfile("colleague")
		var list []string
		for _, p := range perms {
			if p.Group == "all" {
				list = append(list, "everyone (public)")
			} else {
				list = append(list, "account "+p.UserId)
			}
		}
		current := "Only you (the owner) may launch it."
		if len(list) > 0 {
			current = "Launchable by you and " + joinIDs(list) + "."
		}
		return panel("dialog-permissions", "Launch permissions of "+id,
			app.Elem("p").ID("permissions-current").Text(current),
			el("div", "actions",
				button(first, "Share with colleague ("+colleague.ID+")", t.onPermission).Attr("value", "add:"+colleague.ID),
				button("perm-revoke-colleague", "Revoke colleague", t.onPermission).Attr("value", "remove:"+colleague.ID),
				button("perm-public", "Make public", t.onPermission).Attr("value", "add:all"),
				button("perm-private", "Make private", t.onPermission).Attr("value", "remove:all"),
			),
			el("div", "row",
				textField("perm-account", "Another account id", t.account, "12 digits", func(ctx app.Context, e app.Event) {
					ctx.PreventUpdate()
					t.account = valueOf(ctx)
				}),
				button("perm-add-account", "Share", t.onPermission).Attr("value", "add-account"),
				button("perm-remove-account", "Revoke", t.onPermission).Attr("value", "remove-account"),
				cancel,
			),
		)
	case "tags":
		var tags []engine.Tag
		if out, err := t.sb.world.DescribeImages(t.sb.caller(), &engine.DescribeImagesInput{ImageIds: sel}); err == nil && len(out.Images) == 1 {
			tags = out.Images[0].Tags
		}
		return panel("dialog-tags", "Tags of "+id,
			app.Elem("ul").ID("image-tag-list").Body(
				app.If(len(tags) == 0, textEl("li", "type-info", "No tags.")),
				app.Range(tags).Slice(func(i int) app.UI {
					return el("li", "",
						textEl("code", "", tags[i].Key+" = "+tags[i].Value),
						app.Text(" "),
						button("", "Remove", t.onUntag).Class("link").Attr("value", tags[i].Key).Aria("label", "Remove tag "+tags[i].Key),
					)
				}),
			),
			el("div", "row",
				textField(first, "Key", t.tagKey, "team", func(ctx app.Context, e app.Event) {
					ctx.PreventUpdate()
					t.tagKey = valueOf(ctx)
				}),
				textField("tag-value", "Value", t.tagVal, "web", func(ctx app.Context, e app.Event) {
					ctx.PreventUpdate()
					t.tagVal = valueOf(ctx)
				}),
				button("tag-add", "Add tag", t.onTag).Class("primary"),
				cancel,
			),
		)
	}
	return nil
}

// onCopy copies the selected image: the request runs in the destination region.
func (t *ImagesTab) onCopy(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	sel := t.selection()
	if len(sel) != 1 {
		return
	}
	var id string
	from := t.sb.saved.Region
	err := t.sb.do(func(w *engine.World, c engine.Caller) error {
		c.Region = t.dest
		out, err := w.CopyImage(c, &engine.CopyImageInput{SourceImageId: sel[0], SourceRegion: from, Name: t.name})
		if err == nil {
			id = out.ImageId
		}
		return err
	})
	if err == nil {
		t.dialog = ""
	}
	t.report(outcomeOf("Copying "+sel[0]+" into "+t.dest+" as "+id+"; switch the region to "+t.dest+" to see it.", err))
}

// onPermission adds or removes a launch permission of the selected image.
func (t *ImagesTab) onPermission(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	sel := t.selection()
	if len(sel) != 1 {
		return
	}
	op, who := "", ""
	switch v := valueOf(ctx); v {
	case "add-account", "remove-account":
		op, who = strings.TrimSuffix(v, "-account"), t.account
	default:
		op, who, _ = strings.Cut(v, ":")
	}
	perm := engine.LaunchPermission{UserId: who}
	if who == "all" {
		perm = engine.LaunchPermission{Group: "all"}
	}
	mods := &engine.LaunchPermissionModifications{}
	if op == "add" {
		mods.Add = []engine.LaunchPermission{perm}
	} else {
		mods.Remove = []engine.LaunchPermission{perm}
	}
	err := t.sb.do(func(w *engine.World, c engine.Caller) error {
		_, err := w.ModifyImageAttribute(c, &engine.ModifyImageAttributeInput{ImageId: sel[0], LaunchPermission: mods})
		return err
	})
	target := "account " + who
	if who == "all" {
		target = "everyone"
	}
	verb := "Granted " + target + " permission to launch "
	if op != "add" {
		verb = "Revoked the permission of " + target + " to launch "
	}
	t.report(outcomeOf(verb+sel[0]+".", err))
}

func (t *ImagesTab) onTag(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.tags(true, engine.Tag{Key: t.tagKey, Value: t.tagVal})
}

func (t *ImagesTab) onUntag(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	t.tags(false, engine.Tag{Key: valueOf(ctx)})
}

// tags adds a tag to the selected image, or removes one.
func (t *ImagesTab) tags(add bool, tag engine.Tag) {
	sel := t.selection()
	if len(sel) != 1 {
		return
	}
	err := t.sb.do(func(w *engine.World, c engine.Caller) error {
		in := &engine.CreateTagsInput{Resources: sel, Tags: []engine.Tag{tag}}
		if add {
			_, err := w.CreateTags(c, in)
			return err
		}
		_, err := w.DeleteTags(c, in)
		return err
	})
	msg := "Removed tag " + tag.Key + " from " + sel[0] + "."
	if add {
		msg = "Tagged " + sel[0] + " with " + tag.Key + " = " + tag.Value + "."
		if err == nil {
			t.tagKey, t.tagVal = "", ""
		}
	}
	t.report(outcomeOf(msg, err))
}

// onDeregister deregisters the selected images.
func (t *ImagesTab) onDeregister(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	sel := t.selection()
	var done []string
	err := t.sb.do(func(w *engine.World, c engine.Caller) error {
		for _, id := range sel {
			if _, err := w.DeregisterImage(c, &engine.DeregisterImageInput{ImageId: id}); err != nil {
				return err
			}
			done = append(done, id)
		}
		return nil
	})
	t.report(outcomeOf("Deregistered "+joinIDs(done)+": no new launches; its snapshots remain (and are billed) until you delete them.", err))
}
