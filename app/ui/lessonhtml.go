package ui

import (
	"strconv"
	"strings"
)

// lessonPart is one piece of a lesson body in reading order: either a block
// of HTML with exactly one root element, or a checkpoint (Check >= 0).
type lessonPart struct {
	HTML  string
	Check int
}

const (
	runOpen   = `<div class="run-block" data-run="`
	checkOpen = `<div class="check" data-check="`
)

// voidElements never have a closing tag.
var voidElements = map[string]bool{
	"area": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// splitLesson cuts a lesson's HTML (one <div class="lesson-body"> root, as the
// content package renders it) into the prose between checkpoints and the
// checkpoints themselves, so that checkpoints can be live components. Only
// checkpoints at the top level of the body are cut out; one nested in a list
// or a quote stays in its HTML part. Every run block gets its Run button.
func splitLesson(html string) []lessonPart {
	html = addRunButtons(strings.TrimSpace(html))
	open := strings.IndexByte(html, '>')
	end := strings.LastIndex(html, "</div>")
	if !strings.HasPrefix(html, "<div") || open < 0 || end < open {
		return []lessonPart{{HTML: wrapPart(html), Check: -1}}
	}
	body := html[open+1 : end]

	var parts []lessonPart
	flush := func(chunk string) {
		if strings.TrimSpace(chunk) != "" {
			parts = append(parts, lessonPart{HTML: wrapPart(chunk), Check: -1})
		}
	}
	depth, start := 0, 0
	for i := 0; i < len(body); {
		lt := strings.IndexByte(body[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		gt := strings.IndexByte(body[i:], '>')
		if gt < 0 {
			break
		}
		tag := body[i : i+gt+1]
		if depth == 0 && strings.HasPrefix(tag, checkOpen) {
			if n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(tag, checkOpen), `">`)); err == nil {
				close := strings.Index(body[i:], "</div>")
				if close >= 0 {
					flush(body[start:i])
					parts = append(parts, lessonPart{Check: n})
					i += close + len("</div>")
					start = i
					continue
				}
			}
		}
		depth += tagDepth(tag)
		i += gt + 1
	}
	flush(body[start:])
	return parts
}

// tagDepth is how a tag changes the element depth: +1 for an opening tag, -1
// for a closing one, 0 for void and self-closing tags and comments.
func tagDepth(tag string) int {
	switch {
	case strings.HasPrefix(tag, "</"):
		return -1
	case strings.HasPrefix(tag, "<!"), strings.HasSuffix(tag, "/>"):
		return 0
	}
	name := strings.TrimPrefix(tag, "<")
	if i := strings.IndexAny(name, " \t\n>/"); i >= 0 {
		name = name[:i]
	}
	if voidElements[strings.ToLower(name)] {
		return 0
	}
	return 1
}

// wrapPart gives a piece of HTML the single root element app.Raw needs.
func wrapPart(html string) string {
	return `<div class="lesson-part">` + html + `</div>`
}

// addRunButtons puts a Run button at the start of every run block. The
// buttons are plain HTML so that they are there before the app starts; one
// click handler on the lesson serves them all.
func addRunButtons(html string) string {
	var b strings.Builder
	for {
		i := strings.Index(html, runOpen)
		if i < 0 {
			b.WriteString(html)
			return b.String()
		}
		rest := html[i+len(runOpen):]
		q := strings.IndexByte(rest, '"')
		gt := strings.IndexByte(rest, '>')
		if q < 0 || gt < q {
			b.WriteString(html)
			return b.String()
		}
		n := rest[:q]
		b.WriteString(html[:i+len(runOpen)+gt+1])
		b.WriteString(`<button type="button" class="run-btn" data-run="` + n + `" data-testid="run-` + n +
			`" aria-label="Run these commands in the terminal">&#9654; Run</button>`)
		html = rest[gt+1:]
	}
}
