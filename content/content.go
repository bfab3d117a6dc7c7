// Package content holds the AMI Lab course: the lesson files under lessons/,
// embedded in the binary, parsed with package lesson.
package content

import (
	"embed"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"sync"

	"amilab/content/lesson"
)

//go:embed lessons/*.md
var files embed.FS

// fileName is the shape of a lesson file name: a two-digit number, a dash, a slug.
var fileName = regexp.MustCompile(`^(\d\d)-[a-z0-9][a-z0-9-]*\.md$`)

var load = sync.OnceValues(func() ([]*lesson.Lesson, error) {
	entries, err := files.ReadDir("lessons")
	if err != nil {
		return nil, err
	}
	type numbered struct {
		n int
		l *lesson.Lesson
	}
	var all []numbered
	seenNum := map[int]string{}
	seenSlug := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		m := fileName.FindStringSubmatch(name)
		if m == nil {
			return nil, fmt.Errorf("lessons/%s: a lesson file name must look like NN-slug.md", name)
		}
		n, _ := strconv.Atoi(m[1])
		if other, dup := seenNum[n]; dup {
			return nil, fmt.Errorf("lessons/%s: number %s is also used by %s", name, m[1], other)
		}
		seenNum[n] = name
		src, err := files.ReadFile(path.Join("lessons", name))
		if err != nil {
			return nil, err
		}
		l, err := lesson.Parse(path.Join("lessons", name), src)
		if err != nil {
			return nil, err
		}
		if other, dup := seenSlug[l.Slug]; dup {
			return nil, fmt.Errorf("lessons/%s: slug %q is also used by %s", name, l.Slug, other)
		}
		seenSlug[l.Slug] = name
		all = append(all, numbered{n, l})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].n < all[j].n })
	out := make([]*lesson.Lesson, len(all))
	for i, x := range all {
		out[i] = x.l
	}
	return out, nil
})

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
