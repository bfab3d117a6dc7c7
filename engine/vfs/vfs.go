// Package vfs is an immutable, copy-on-write file tree: the contents of a volume,
// a snapshot or an image. Every change returns a new Tree that shares all the
// untouched parts with the old one, so copying a tree (a snapshot, an image, a
// volume launched from an image) costs nothing.
package vfs

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Errors returned by tree operations; they wrap the io/fs errors.
var (
	ErrNotExist = fs.ErrNotExist
	ErrExist    = fs.ErrExist
	ErrNotDir   = errors.New("not a directory")
	ErrIsDir    = errors.New("is a directory")
	ErrNotEmpty = errors.New("directory not empty")
	ErrInvalid  = fs.ErrInvalid
)

// node is one file or directory; nodes are never modified once shared.
type node struct {
	dir  bool
	data []byte
	kids map[string]*node
}

// Tree is a file tree. The zero Tree is an empty root directory.
type Tree struct {
	root *node
}

// Entry describes one name in a directory listing.
type Entry struct {
	Name string
	Dir  bool
	Size int64
}

// Clean turns p into a slash-separated list of names relative to the root.
// It rejects nothing: ".." never climbs above the root.
func Clean(p string) []string {
	p = path.Clean("/" + p)
	if p == "/" {
		return nil
	}
	return strings.Split(p[1:], "/")
}

func (t Tree) top() *node {
	if t.root == nil {
		return &node{dir: true}
	}
	return t.root
}

func (t Tree) lookup(p string) (*node, error) {
	n := t.top()
	for _, name := range Clean(p) {
		if !n.dir {
			return nil, ErrNotDir
		}
		k, ok := n.kids[name]
		if !ok {
			return nil, ErrNotExist
		}
		n = k
	}
	return n, nil
}

// Stat reports whether p exists, whether it is a directory and its size.
func (t Tree) Stat(p string) (Entry, error) {
	n, err := t.lookup(p)
	if err != nil {
		return Entry{}, &fs.PathError{Op: "stat", Path: p, Err: err}
	}
	names := Clean(p)
	name := "/"
	if len(names) > 0 {
		name = names[len(names)-1]
	}
	return Entry{Name: name, Dir: n.dir, Size: int64(len(n.data))}, nil
}

// ReadFile returns the contents of the file at p.
func (t Tree) ReadFile(p string) ([]byte, error) {
	n, err := t.lookup(p)
	if err == nil && n.dir {
		err = ErrIsDir
	}
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: p, Err: err}
	}
	return append([]byte(nil), n.data...), nil
}

// ReadDir lists the directory at p, sorted by name.
func (t Tree) ReadDir(p string) ([]Entry, error) {
	n, err := t.lookup(p)
	if err == nil && !n.dir {
		err = ErrNotDir
	}
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: p, Err: err}
	}
	out := make([]Entry, 0, len(n.kids))
	for name, k := range n.kids {
		out = append(out, Entry{Name: name, Dir: k.dir, Size: int64(len(k.data))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// with returns a copy of the tree where the node at names is replaced by fn's
// result (nil removes it). fn receives the current node or nil.
func (t Tree) with(names []string, fn func(old *node) (*node, error)) (Tree, error) {
	var walk func(n *node, names []string) (*node, error)
	walk = func(n *node, names []string) (*node, error) {
		if len(names) == 0 {
			return fn(n)
		}
		if n == nil {
			return nil, ErrNotExist
		}
		if !n.dir {
			return nil, ErrNotDir
		}
		kid, err := walk(n.kids[names[0]], names[1:])
		if err != nil {
			return nil, err
		}
		c := &node{dir: true, kids: make(map[string]*node, len(n.kids)+1)}
		for k, v := range n.kids {
			c.kids[k] = v
		}
		if kid == nil {
			delete(c.kids, names[0])
		} else {
			c.kids[names[0]] = kid
		}
		return c, nil
	}
	root, err := walk(t.top(), names)
	if err != nil {
		return t, err
	}
	return Tree{root: root}, nil
}

func (t Tree) change(op, p string, fn func(old *node) (*node, error)) (Tree, error) {
	names := Clean(p)
	if len(names) == 0 {
		return t, &fs.PathError{Op: op, Path: p, Err: ErrInvalid}
	}
	nt, err := t.with(names, fn)
	if err != nil {
		return t, &fs.PathError{Op: op, Path: p, Err: err}
	}
	return nt, nil
}

// WriteFile creates or replaces the file at p. The parent directory must exist.
func (t Tree) WriteFile(p string, data []byte) (Tree, error) {
	return t.change("write", p, func(old *node) (*node, error) {
		if old != nil && old.dir {
			return nil, ErrIsDir
		}
		return &node{data: append([]byte(nil), data...)}, nil
	})
}

// Mkdir creates the directory p. The parent must exist and p must not.
func (t Tree) Mkdir(p string) (Tree, error) {
	return t.change("mkdir", p, func(old *node) (*node, error) {
		if old != nil {
			return nil, ErrExist
		}
		return &node{dir: true}, nil
	})
}

// MkdirAll creates p and any missing parents.
func (t Tree) MkdirAll(p string) (Tree, error) {
	cur := ""
	for _, name := range Clean(p) {
		cur += "/" + name
		e, err := t.Stat(cur)
		if err == nil {
			if !e.Dir {
				return t, &fs.PathError{Op: "mkdir", Path: cur, Err: ErrNotDir}
			}
			continue
		}
		if t, err = t.Mkdir(cur); err != nil {
			return t, err
		}
	}
	return t, nil
}

// Remove deletes the file or empty directory at p.
func (t Tree) Remove(p string) (Tree, error) {
	return t.change("remove", p, func(old *node) (*node, error) {
		if old == nil {
			return nil, ErrNotExist
		}
		if old.dir && len(old.kids) > 0 {
			return nil, ErrNotEmpty
		}
		return nil, nil
	})
}

// RemoveAll deletes p and everything below it. A missing p is not an error.
func (t Tree) RemoveAll(p string) (Tree, error) {
	nt, err := t.change("remove", p, func(*node) (*node, error) { return nil, nil })
	if errors.Is(err, ErrNotExist) {
		return t, nil
	}
	return nt, err
}

// Rename moves the file or directory at from to to, replacing a file there.
func (t Tree) Rename(from, to string) (Tree, error) {
	n, err := t.lookup(from)
	if err != nil {
		return t, &fs.PathError{Op: "rename", Path: from, Err: err}
	}
	if len(Clean(from)) == 0 {
		return t, &fs.PathError{Op: "rename", Path: from, Err: ErrInvalid}
	}
	nt, err := t.change("rename", to, func(old *node) (*node, error) {
		if old != nil && old.dir && (!n.dir || len(old.kids) > 0) {
			return nil, ErrExist
		}
		return n, nil
	})
	if err != nil {
		return t, err
	}
	return nt.RemoveAll(from)
}

// Size is the total number of bytes held in files.
func (t Tree) Size() int64 {
	var walk func(n *node) int64
	walk = func(n *node) int64 {
		s := int64(len(n.data))
		for _, k := range n.kids {
			s += walk(k)
		}
		return s
	}
	return walk(t.top())
}

// Same reports whether two trees share the same root, which means they are
// identical without comparing contents.
func (t Tree) Same(u Tree) bool { return t.top() == u.top() || (t.root == nil && u.root == nil) }

// Files returns every path in the tree with its contents; directories map to
// nil and files to their data (never nil). Paths start with "/".
func (t Tree) Files() map[string][]byte {
	out := map[string][]byte{}
	var walk func(prefix string, n *node)
	walk = func(prefix string, n *node) {
		for name, k := range n.kids {
			p := prefix + "/" + name
			if k.dir {
				out[p] = nil
				walk(p, k)
			} else {
				out[p] = append([]byte{}, k.data...)
			}
		}
	}
	walk("", t.top())
	return out
}

// FromFiles builds a tree from a Files map.
func FromFiles(files map[string][]byte) (Tree, error) {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var t Tree
	var err error
	for _, p := range paths {
		if files[p] == nil {
			t, err = t.MkdirAll(p)
		} else {
			if t, err = t.MkdirAll(path.Dir(path.Clean("/" + p))); err == nil {
				t, err = t.WriteFile(p, files[p])
			}
		}
		if err != nil {
			return Tree{}, err
		}
	}
	return t, nil
}
