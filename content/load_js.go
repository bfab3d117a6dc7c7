//go:build js

package content

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"amilab/content/lesson"
)

// parsed is the course as "go generate ./content" wrote it.
//
//go:embed lessons.json
var parsed []byte

// load decodes the pre-parsed lessons once.
var load = sync.OnceValues(func() ([]*lesson.Lesson, error) {
	var all []*lesson.Lesson
	if err := json.Unmarshal(parsed, &all); err != nil {
		return nil, fmt.Errorf("content/lessons.json: %v (run go generate ./content)", err)
	}
	return all, nil
})
