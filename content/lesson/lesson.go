// Package lesson parses and renders one AMI Lab lesson file.
//
// A lesson file is Markdown with YAML front matter:
//
//	---
//	title: Launch an instance
//	summary: Pick an image and an instance type, then launch.
//	minutes: 15
//	goals:
//	  - Find an image with describe-images
//	  - Launch two instances from it
//	---
//	# Pick an image
//	Prose, tables and links as in GitHub-flavoured Markdown.
//
// Fenced blocks whose info string is run, check or solution are not shown as
// code: a run block becomes a placeholder for a Run button, a check block a
// checkpoint, and a solution block is kept out of the page entirely (see
// content/README.md for the full format). Raw HTML is never rendered and links
// may only point to http, https, relative addresses and #anchors.
//
// Parse, with the Markdown and YAML libraries it needs, is left out of the
// js/wasm build: the browser receives lessons already parsed (see package
// content), and needs only the types and Check.Evaluate.
package lesson

import (
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// Limits on what Parse accepts. A lesson file is untrusted input: anything
// larger is rejected with an error rather than slowly rendered.
const (
	// MaxSize is the largest lesson file accepted, in bytes.
	MaxSize = 256 << 10
	// MaxBlocks is the largest number of run, check and solution blocks in one lesson.
	MaxBlocks = 200
	// MaxCommands is the largest number of commands in one run or solution block.
	MaxCommands = 100
	// MaxCommandLen is the longest command accepted, in bytes.
	MaxCommandLen = 4096
	// MaxDepth is the deepest nesting of Markdown containers (quotes, lists, emphasis).
	MaxDepth = 32
	// MaxLineLen is the longest line accepted, in bytes.
	MaxLineLen = 8 << 10
)

// Lesson is one parsed lesson: its front matter, its body as HTML and the
// interactive parts the page refers to by index.
type Lesson struct {
	// Slug names the lesson in addresses: the file name without its "NN-"
	// prefix and ".md" suffix ("02-launch.md" gives "launch").
	Slug string
	// Title is the lesson's title from the front matter.
	Title string
	// Summary is a one- or two-sentence description from the front matter.
	Summary string
	// Minutes is the estimated time to complete the lesson (0 when not given).
	Minutes int
	// Goals lists what the learner can do after the lesson.
	Goals []string
	// HTML is the rendered body, wrapped in exactly one
	// <div class="lesson-body"> element. Run blocks appear as
	// <div class="run-block" data-run="N"> and checks as
	// <div class="check" data-check="N">, N indexing Runs and Checks.
	HTML string
	// Runs holds the commands of each run block, in order of appearance.
	Runs [][]string
	// Checks holds the lesson's checkpoints, in order of appearance.
	Checks []Check
	// Solution holds the commands that complete every check on a fresh
	// sandbox. It is never part of HTML.
	Solution []string
}

// Error is a problem in a lesson file, located by file name and line.
type Error struct {
	// File is the name passed to Parse.
	File string
	// Line is the 1-based line of the problem, or 0 when it concerns the whole file.
	Line int
	// Msg says what is wrong and, where it helps, how to fix it.
	Msg string
}

// Error formats the problem as "file:line: message".
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// SlugOf returns the slug a lesson file name gives: the base name without a
// leading "NN-" number and without ".md". It does not validate the result.
func SlugOf(name string) string {
	base := strings.TrimSuffix(path.Base(strings.ReplaceAll(name, `\`, "/")), ".md")
	if i := strings.IndexByte(base, '-'); i > 0 && strings.Trim(base[:i], "0123456789") == "" {
		base = base[i+1:]
	}
	return base
}

// shorten cuts s for an error message.
func shorten(s string) string { return clip(s, 80) }

// clip cuts s to at most max bytes, marking the cut with an ellipsis.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
