package ui

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"amilab/engine"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// A snapshot taken by CreateImage names its instance and image, as in EC2.
var createdBy = regexp.MustCompile(`CreateImage\((i-[0-9a-f]+)\) for (ami-[0-9a-f]+)`)

// mapNode is one box of the map: an image or an instance.
type mapNode struct {
	ID     string
	Region string
	Label  string
	Sub    string
	State  string
	Image  bool
	Depth  int
	x, y   int
}

// mapEdge links two nodes: launched from, made from, or copied from.
type mapEdge struct {
	From, To string
	Copy     bool
}

// lineage is the family tree of the caller's images and instances across
// every region.
type lineage struct {
	nodes map[string]*mapNode
	order []string
	edges []mapEdge
}

// buildLineage asks the engine, region by region, for the caller's
// instances, images and snapshots, and links them.
func buildLineage(sb *sandbox) *lineage {
	g := &lineage{nodes: map[string]*mapNode{}}
	acct := sb.caller().Account
	add := func(n *mapNode) *mapNode {
		if old := g.nodes[n.ID]; old != nil {
			return old
		}
		g.nodes[n.ID] = n
		g.order = append(g.order, n.ID)
		return n
	}
	imageNode := func(region string, im engine.Image) *mapNode {
		return add(&mapNode{ID: im.ImageId, Region: region, Label: im.Name, Sub: im.ImageId + " · " + im.State, State: im.State, Image: true})
	}
	for _, region := range engine.Regions() {
		c := engine.Caller{Account: acct, Region: region}
		if out, err := sb.world.DescribeImages(c, &engine.DescribeImagesInput{Owners: []string{"self"}}); err == nil {
			for _, im := range out.Images {
				imageNode(region, im)
				if im.SourceImageId != "" {
					g.edges = append(g.edges, mapEdge{From: im.SourceImageId, To: im.ImageId, Copy: true})
				}
			}
		}
		if out, err := sb.world.DescribeSnapshots(c, &engine.DescribeSnapshotsInput{OwnerIds: []string{"self"}}); err == nil {
			for _, s := range out.Snapshots {
				if m := createdBy.FindStringSubmatch(s.Description); m != nil {
					g.edges = append(g.edges, mapEdge{From: m[1], To: m[2]})
				}
			}
		}
		out, err := sb.world.DescribeInstances(c, &engine.DescribeInstancesInput{})
		if err != nil {
			continue
		}
		for _, r := range out.Reservations {
			for _, in := range r.Instances {
				if g.nodes[in.ImageId] == nil {
					n := &mapNode{ID: in.ImageId, Region: region, Label: in.ImageId, Sub: "deregistered or not visible", State: "deregistered", Image: true}
					if imgs, err := sb.world.DescribeImages(c, &engine.DescribeImagesInput{ImageIds: []string{in.ImageId}}); err == nil && len(imgs.Images) == 1 {
						im := imgs.Images[0]
						n = &mapNode{ID: in.ImageId, Region: region, Label: im.Name, Sub: in.ImageId + " · " + ownerLabel(im), State: im.State, Image: true}
					}
					add(n)
				}
				label, sub := tagValue(in.Tags, "Name"), in.InstanceType+" · "+in.State.Name
				if label == "" {
					label = in.InstanceId
				} else {
					sub = in.InstanceId + " · " + in.State.Name
				}
				add(&mapNode{ID: in.InstanceId, Region: region, Label: label, Sub: sub, State: in.State.Name})
				g.edges = append(g.edges, mapEdge{From: in.ImageId, To: in.InstanceId})
			}
		}
	}
	g.edges = slicesFilter(g.edges, func(e mapEdge) bool { return g.nodes[e.From] != nil && g.nodes[e.To] != nil })
	g.layout()
	return g
}

func slicesFilter[T any](in []T, keep func(T) bool) []T {
	out := in[:0]
	for _, v := range in {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

// Map geometry, in SVG units.
const (
	nodeW, nodeH = 224, 42
	colGap       = 56
	rowGap       = 14
	bandPad      = 30
	mapLeft      = 12
)

// layout gives every node a column (its generation: an image, the
// instances launched from it, the images made from those…) and a row
// within its region's band.
func (g *lineage) layout() {
	parents := map[string][]string{}
	for _, e := range g.edges {
		parents[e.To] = append(parents[e.To], e.From)
	}
	var depth func(id string, seen map[string]bool) int
	depth = func(id string, seen map[string]bool) int {
		if seen[id] {
			return 0
		}
		seen[id] = true
		d := 0
		for _, p := range parents[id] {
			d = max(d, depth(p, seen)+1)
		}
		return d
	}
	for _, id := range g.order {
		g.nodes[id].Depth = depth(id, map[string]bool{})
	}
}

// svg draws the map.
func (g *lineage) svg() string {
	regions := engine.Regions()
	var b strings.Builder
	y := 0
	width := 0
	var body strings.Builder
	for _, region := range regions {
		cols := map[int][]*mapNode{}
		maxDepth := -1
		for _, id := range g.order {
			if n := g.nodes[id]; n.Region == region {
				cols[n.Depth] = append(cols[n.Depth], n)
				maxDepth = max(maxDepth, n.Depth)
			}
		}
		if maxDepth < 0 {
			continue
		}
		rows := 0
		for d := 0; d <= maxDepth; d++ {
			for i, n := range cols[d] {
				n.x = mapLeft + d*(nodeW+colGap)
				n.y = y + bandPad + i*(nodeH+rowGap)
			}
			rows = max(rows, len(cols[d]))
		}
		bandH := bandPad + rows*(nodeH+rowGap) + 4
		width = max(width, mapLeft+(maxDepth+1)*(nodeW+colGap))
		body.WriteString(`<g class="band"><rect x="0" y="` + strconv.Itoa(y) + `" width="100%" height="` + strconv.Itoa(bandH) +
			`" fill="#f2f4f6"/><text x="8" y="` + strconv.Itoa(y+19) + `" font-size="13" font-weight="700" fill="#16191f">` +
			escape(region) + `</text></g>`)
		y += bandH + 8
	}
	sort.SliceStable(g.edges, func(i, j int) bool { return !g.edges[i].Copy && g.edges[j].Copy })
	for _, e := range g.edges {
		a, c := g.nodes[e.From], g.nodes[e.To]
		x1, y1 := a.x+nodeW, a.y+nodeH/2
		x2, y2 := c.x, c.y+nodeH/2
		mid := (x1 + x2) / 2
		stroke := `stroke="#5f6b7a" stroke-width="1.5"`
		if e.Copy {
			stroke = `stroke="#8a3b00" stroke-width="2" stroke-dasharray="6 4"`
		}
		body.WriteString(`<path d="M` + strconv.Itoa(x1) + `,` + strconv.Itoa(y1) + ` C` + strconv.Itoa(mid) + `,` + strconv.Itoa(y1) + ` ` +
			strconv.Itoa(mid) + `,` + strconv.Itoa(y2) + ` ` + strconv.Itoa(x2) + `,` + strconv.Itoa(y2) + `" fill="none" ` + stroke +
			` marker-end="url(#arrow)"/>`)
	}
	for _, id := range g.order {
		n := g.nodes[id]
		fill, line, rx := "#e6f4ea", "#1d6b35", 21
		if n.Image {
			fill, line, rx = "#e8f1fb", "#0b5cad", 4
		}
		switch n.State {
		case "terminated", "shutting-down", "deregistered":
			fill, line = "#eef1f4", "#8d96a0"
		case "stopped", "stopping":
			fill, line = "#fdecea", "#b3261e"
		case "pending":
			fill, line = "#fff4d6", "#7a4d00"
		}
		kind := "instance"
		if n.Image {
			kind = "image"
		}
		body.WriteString(`<g class="node" data-node="` + escape(n.ID) + `" data-kind="` + kind + `"><title>` +
			escape(n.Label+" · "+n.Sub) + `</title><rect x="` + strconv.Itoa(n.x) + `" y="` + strconv.Itoa(n.y) +
			`" width="` + strconv.Itoa(nodeW) + `" height="` + strconv.Itoa(nodeH) + `" rx="` + strconv.Itoa(rx) + `" fill="` + fill +
			`" stroke="` + line + `" stroke-width="2"/><text x="` + strconv.Itoa(n.x+12) + `" y="` + strconv.Itoa(n.y+17) +
			`" font-size="12" font-weight="600" fill="#16191f">` + escape(clip(n.Label, 27)) + `</text><text x="` +
			strconv.Itoa(n.x+12) + `" y="` + strconv.Itoa(n.y+32) + `" font-size="10.5" fill="#3d4550">` +
			escape(clip(n.Sub, 34)) + `</text></g>`)
	}
	height := max(y, 40)
	width = max(width, 320)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="map-title" width="` + strconv.Itoa(width) +
		`" height="` + strconv.Itoa(height) + `" viewBox="0 0 ` + strconv.Itoa(width) + ` ` + strconv.Itoa(height) +
		`" font-family="system-ui, sans-serif"><title id="map-title">Images, the instances launched from them and the images made from those</title>` +
		`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
		`<path d="M0,0 L10,5 L0,10 z" fill="#5f6b7a"/></marker></defs>`)
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return b.String()
}

// clip shortens a label to n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// MapTab draws the family tree of the learner's images and instances
// across regions: images, the instances launched from them, the images made
// from those instances, and copies in other regions. It follows the world live.
type MapTab struct {
	liveCompo
}

func (m *MapTab) watches() int { return changeWorld }

// Render draws the map.
func (m *MapTab) Render() app.UI {
	g := buildLineage(m.sb)
	svg := g.svg()
	images, instances := 0, 0
	for _, n := range g.nodes {
		if n.Image {
			images++
		} else {
			instances++
		}
	}
	return app.Elem("div").ID("map-tab").Body(
		textEl("h2", "", "Map of images and instances"),
		el("div", "map-legend",
			textEl("span", "l-image", "image (AMI)"),
			textEl("span", "l-instance", "instance"),
			textEl("span", "l-copy", "copy to another region"),
			textEl("span", "", plural(images, "image")+", "+plural(instances, "instance")),
		),
		app.If(len(g.nodes) == 0,
			textEl("p", "type-info", "Nothing yet: launch an instance and it appears here with the image it came from."),
		),
		app.Elem("div").Class("map-wrap").ID("map").DataSet("testid", "map").Body(app.Raw(svg)),
	)
}

// escape escapes text for the SVG markup. It is text/template's escaper,
// which go-app links anyway, rather than html.EscapeString, which would
// bring strings.Replacer's machinery into app.wasm.
func escape(s string) string { return template.HTMLEscapeString(s) }
