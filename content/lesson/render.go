//go:build !js

package lesson

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// md is the Markdown converter: CommonMark plus GitHub's tables,
// strikethrough and autolinks, heading ids, and raw HTML left out (goldmark's
// default, which renders it as an HTML comment saying it was omitted).
var md = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(partRenderer{}, 100))),
)

// Kinds of the nodes that stand for run and check blocks in the tree.
var (
	kindRun   = ast.NewNodeKind("LessonRun")
	kindCheck = ast.NewNodeKind("LessonCheck")
)

// partNode replaces a run or check fenced block in the tree.
type partNode struct {
	ast.BaseBlock
	kind  ast.NodeKind
	index int
	text  string // the code shown (run) or the label (check)
}

func (n *partNode) Kind() ast.NodeKind { return n.kind }

func (n *partNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"index": strconv.Itoa(n.index)}, nil)
}

// partRenderer renders partNodes as the placeholders the UI fills in.
type partRenderer struct{}

func (partRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindRun, renderPart)
	reg.Register(kindCheck, renderPart)
}

func renderPart(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*partNode)
	if n.kind == kindRun {
		_, _ = w.WriteString(`<div class="run-block" data-run="` + strconv.Itoa(n.index) + `"><pre><code>`)
		_, _ = w.Write(util.EscapeHTML([]byte(n.text)))
		_, _ = w.WriteString("</code></pre></div>\n")
	} else {
		_, _ = w.WriteString(`<div class="check" data-check="` + strconv.Itoa(n.index) + `">`)
		_, _ = w.Write(util.EscapeHTML([]byte(n.text)))
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkSkipChildren, nil
}

// render converts the body to HTML and collects its runs, checks and solution.
func render(name string, body []byte, bodyLine int, l *Lesson) error {
	doc := md.Parser().Parse(text.NewReader(body))
	lineAt := func(off int) int { return lineOf(body, off) + bodyLine - 1 }
	fail := func(err error) error {
		if be, ok := err.(*blockError); ok {
			return &Error{File: name, Line: be.line, Msg: be.msg}
		}
		return &Error{File: name, Msg: err.Error()}
	}

	var fences []*ast.FencedCodeBlock
	var links []ast.Node
	depth, tooDeep := 0, ast.Node(nil)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			depth--
			return ast.WalkContinue, nil
		}
		depth++
		if depth > MaxDepth+1 && tooDeep == nil {
			tooDeep = n
		}
		switch x := n.(type) {
		case *ast.FencedCodeBlock:
			switch string(x.Language(body)) {
			case "run", "check", "solution":
				fences = append(fences, x)
			}
		case *ast.Link, *ast.Image, *ast.AutoLink:
			links = append(links, n)
		}
		return ast.WalkContinue, nil
	})
	if tooDeep != nil {
		return &Error{File: name, Line: nodeLine(tooDeep, lineAt), Msg: "Markdown is nested more than " + strconv.Itoa(MaxDepth) + " levels deep"}
	}
	if len(fences) > MaxBlocks {
		return &Error{File: name, Line: nodeLine(fences[MaxBlocks], lineAt), Msg: "more than " + strconv.Itoa(MaxBlocks) + " run, check and solution blocks: split the lesson"}
	}

	solutionLine := 0
	for _, f := range fences {
		fenceLine := lineAt(f.Info.Segment.Start)
		var lines []srcLine
		var shown strings.Builder
		for i := 0; i < f.Lines().Len(); i++ {
			seg := f.Lines().At(i)
			v := string(seg.Value(body))
			shown.WriteString(v)
			lines = append(lines, srcLine{text: strings.TrimRight(v, "\n"), line: lineAt(seg.Start)})
		}
		parent := f.Parent()
		switch string(f.Language(body)) {
		case "run":
			cmds, err := parseCommands("run", lines, fenceLine)
			if err != nil {
				return fail(err)
			}
			part := &partNode{kind: kindRun, index: len(l.Runs), text: strings.TrimRight(shown.String(), "\n")}
			parent.ReplaceChild(parent, f, part)
			l.Runs = append(l.Runs, cmds)
		case "check":
			c, err := parseCheck(lines, fenceLine)
			if err != nil {
				return fail(err)
			}
			part := &partNode{kind: kindCheck, index: len(l.Checks), text: c.Label}
			parent.ReplaceChild(parent, f, part)
			l.Checks = append(l.Checks, c)
		case "solution":
			if solutionLine != 0 {
				return &Error{File: name, Line: fenceLine, Msg: "a lesson has at most one solution block (the first is on line " + strconv.Itoa(solutionLine) + ")"}
			}
			solutionLine = fenceLine
			cmds, err := parseCommands("solution", lines, fenceLine)
			if err != nil {
				return fail(err)
			}
			parent.RemoveChild(parent, f)
			l.Solution = cmds
		}
	}

	for _, n := range links {
		sanitizeLink(n, body)
	}

	var buf bytes.Buffer
	buf.WriteString(`<div class="lesson-body">` + "\n")
	if err := md.Renderer().Render(&buf, body, doc); err != nil {
		return &Error{File: name, Msg: "rendering failed: " + err.Error()}
	}
	buf.WriteString("</div>")
	l.HTML = neutralize(buf.String())
	return nil
}

// nodeLine finds a line for a node: its own first line, or the nearest
// ancestor's.
func nodeLine(n ast.Node, lineAt func(int) int) int {
	for ; n != nil; n = n.Parent() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return lineAt(n.Lines().At(0).Start)
		}
		if t, ok := n.(*ast.Text); ok {
			return lineAt(t.Segment.Start)
		}
	}
	return 0
}

// sanitizeLink makes a link or image whose address is not allowed inert: the
// link is replaced by its text. Allowed links to other sites open in a new tab.
func sanitizeLink(n ast.Node, source []byte) {
	var dest []byte
	switch x := n.(type) {
	case *ast.Link:
		dest = util.URLEscape(x.Destination, true)
	case *ast.Image:
		dest = util.URLEscape(x.Destination, true)
	case *ast.AutoLink:
		dest = util.URLEscape(x.URL(source), false)
	}
	abs, ok := allowedURL(string(dest))
	if ok {
		if abs {
			if _, isImage := n.(*ast.Image); !isImage {
				n.SetAttributeString("target", []byte("_blank"))
				n.SetAttributeString("rel", []byte("noopener noreferrer"))
			}
		}
		return
	}
	parent := n.Parent()
	if parent == nil {
		return
	}
	if a, isAuto := n.(*ast.AutoLink); isAuto {
		parent.ReplaceChild(parent, n, ast.NewString(a.Label(source)))
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// allowedURL reports whether u may be a link address: http, https, a
// relative address or a #anchor. abs is true for http and https addresses.
// Characters a browser strips from an address (ASCII white space and control
// characters) are ignored when reading the scheme.
func allowedURL(u string) (abs, ok bool) {
	clean := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u)
	colon := strings.IndexByte(clean, ':')
	if colon < 0 || strings.ContainsAny(clean[:colon], "/?#") {
		return strings.HasPrefix(clean, "//"), true
	}
	switch strings.ToLower(clean[:colon]) {
	case "http", "https":
		return true, true
	}
	return false, false
}

// dangerous matches text that is harmless where it stands (in text or code)
// but that the page must never contain literally, so that no later step can
// turn it into markup.
var dangerous = regexp.MustCompile(`(?i)javascript:|vbscript:|onerror=|onload=|<script|<iframe`)

// neutralize replaces the colon, equals sign or angle bracket of dangerous
// text with the matching character reference, which displays the same.
func neutralize(html string) string {
	return dangerous.ReplaceAllStringFunc(html, func(m string) string {
		switch {
		case strings.HasSuffix(m, ":"):
			return m[:len(m)-1] + "&#58;"
		case strings.HasSuffix(m, "="):
			return m[:len(m)-1] + "&#61;"
		default:
			return "&lt;" + m[1:]
		}
	})
}
