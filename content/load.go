//go:build !js

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

// load parses every lesson file once.
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
