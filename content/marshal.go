//go:build !js

package content

import (
	"bytes"
	"encoding/json"
)

// MarshalLessons returns the parsed course as the JSON that the js/wasm build
// embeds (lessons.json). It is what "go generate ./content" writes.
func MarshalLessons() ([]byte, error) {
	all, err := Lessons()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(all); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
