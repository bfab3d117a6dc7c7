package vfs

import (
	"errors"
	"io/fs"
	"reflect"
	"testing"
)

// checker returns a function that unwraps a (Tree, error) result or fails the test.
func checker(t *testing.T) func(Tree, error) Tree {
	return func(tr Tree, err error) Tree {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
}

func TestCopyOnWrite(t *testing.T) {
	must := checker(t)
	var a Tree
	a = must(a.MkdirAll("/var/www/html"))
	a = must(a.WriteFile("/var/www/html/index.html", []byte("v1")))
	b := a // a snapshot: free
	b = must(b.WriteFile("/var/www/html/index.html", []byte("v2")))
	if got, _ := a.ReadFile("/var/www/html/index.html"); string(got) != "v1" {
		t.Fatalf("original changed: %q", got)
	}
	if got, _ := b.ReadFile("/var/www/html/index.html"); string(got) != "v2" {
		t.Fatalf("copy: %q", got)
	}
	if !a.Same(a) || a.Same(b) {
		t.Fatal("Same")
	}
}

func TestErrors(t *testing.T) {
	must := checker(t)
	var tr Tree
	tr = must(tr.MkdirAll("/etc"))
	tr = must(tr.WriteFile("/etc/hosts", []byte("x")))
	cases := []struct {
		name string
		err  func() error
		want error
	}{
		{"read missing", func() error { _, err := tr.ReadFile("/nope"); return err }, ErrNotExist},
		{"read dir", func() error { _, err := tr.ReadFile("/etc"); return err }, ErrIsDir},
		{"write without parent", func() error { _, err := tr.WriteFile("/a/b", nil); return err }, ErrNotExist},
		{"write under a file", func() error { _, err := tr.WriteFile("/etc/hosts/x", nil); return err }, ErrNotDir},
		{"write over a dir", func() error { _, err := tr.WriteFile("/etc", nil); return err }, ErrIsDir},
		{"mkdir existing", func() error { _, err := tr.Mkdir("/etc"); return err }, ErrExist},
		{"remove non-empty", func() error { _, err := tr.Remove("/etc"); return err }, ErrNotEmpty},
		{"remove missing", func() error { _, err := tr.Remove("/nope"); return err }, ErrNotExist},
		{"write root", func() error { _, err := tr.WriteFile("/", nil); return err }, ErrInvalid},
		{"list a file", func() error { _, err := tr.ReadDir("/etc/hosts"); return err }, ErrNotDir},
	}
	for _, c := range cases {
		err := c.err()
		var pe *fs.PathError
		if !errors.Is(err, c.want) || !errors.As(err, &pe) {
			t.Errorf("%s: %v, want %v in a PathError", c.name, err, c.want)
		}
	}
}

func TestPathsNeverClimbAboveRoot(t *testing.T) {
	must := checker(t)
	var tr Tree
	tr = must(tr.WriteFile("/../../x", []byte("1")))
	if got, err := tr.ReadFile("x"); err != nil || string(got) != "1" {
		t.Fatalf("%q %v", got, err)
	}
	if Clean("a/../../b/./c") == nil || !reflect.DeepEqual(Clean("a/../../b/./c"), []string{"b", "c"}) {
		t.Fatal(Clean("a/../../b/./c"))
	}
}

func TestRenameRemoveAllAndFiles(t *testing.T) {
	must := checker(t)
	var tr Tree
	tr = must(tr.MkdirAll("/d/e"))
	tr = must(tr.WriteFile("/d/e/f", []byte("data")))
	tr = must(tr.Rename("/d/e", "/g"))
	if _, err := tr.Stat("/d/e"); err == nil {
		t.Fatal("rename kept the source")
	}
	if b, _ := tr.ReadFile("/g/f"); string(b) != "data" {
		t.Fatal("rename lost the data")
	}
	back, err := FromFiles(tr.Files())
	if err != nil || !reflect.DeepEqual(back.Files(), tr.Files()) {
		t.Fatalf("Files/FromFiles round trip: %v", err)
	}
	if back.Size() != 4 {
		t.Fatalf("size %d", back.Size())
	}
	tr = must(tr.RemoveAll("/g"))
	tr = must(tr.RemoveAll("/not-there"))
	entries, _ := tr.ReadDir("/")
	if len(entries) != 1 || entries[0].Name != "d" {
		t.Fatalf("entries %+v", entries)
	}
}
