// Package content holds the AMI Lab course: the lesson files under lessons/,
// embedded in the binary and parsed with package lesson.
//
// Native builds parse the Markdown files themselves. The js/wasm build, to
// stay small, embeds lessons.json instead: the same lessons already parsed,
// written by "go generate ./content" (a test fails when it is out of date).
package content

//go:generate go run ./internal/genlessons

import (
	"fmt"

	"amilab/content/lesson"
)

// Lessons returns the course's lessons in order of their file number. The
// files are parsed once; the returned slice is the caller's, the lessons are
// shared and must not be modified.
func Lessons() ([]*lesson.Lesson, error) {
	all, err := load()
	if err != nil {
		return nil, err
	}
	return append([]*lesson.Lesson(nil), all...), nil
}

// Lesson returns the lesson with the given slug.
func Lesson(slug string) (*lesson.Lesson, error) {
	all, err := load()
	if err != nil {
		return nil, err
	}
	for _, l := range all {
		if l.Slug == slug {
			return l, nil
		}
	}
	return nil, fmt.Errorf("no lesson %q", slug)
}
