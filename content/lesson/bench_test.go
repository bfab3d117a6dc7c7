//go:build !js

package lesson

import (
	"os"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	src, err := os.ReadFile("../lessons/08-security.md")
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse("08-security.md", src); err != nil {
			b.Fatal(err)
		}
	}
}
