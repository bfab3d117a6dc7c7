// Package treefs mounts an engine file tree (vfs.Tree) into wazero as a
// writable file system: guests open, read, write, rename and remove files
// through WASI, and every change yields a new tree that the runtime hands
// back to the world (so a volume, and the snapshots and images made from it,
// carry exactly what the guest wrote).
//
// Open files do not seek (go vet insists that a method named Seek return
// error, while wazero's interface wants its Errno): the guest programs read
// and write sequentially, and WASI's fd_seek answers ENOSYS.
//
// An FS is not safe for concurrent use; guests of one run share it in turn.
package treefs

import (
	"errors"
	"hash/fnv"
	"io"
	"io/fs"
	"strings"

	"amilab/engine/vfs"

	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
	"github.com/tetratelabs/wazero/sys"
)

// FS is a file system over a vfs.Tree.
type FS struct {
	experimentalsys.UnimplementedFS
	tree     vfs.Tree
	size     int64 // bytes of file data in tree
	quota    int64
	mtime    int64
	readOnly bool
	changed  bool
}

// Options tune a mount.
type Options struct {
	// Quota bounds the bytes of file data the tree may hold; a write past it
	// fails with ErrNoSpace. Zero means no bound.
	Quota int64
	// Time is the modification time every file reports (epoch nanoseconds).
	Time int64
	// ReadOnly refuses every change with "read-only file system".
	ReadOnly bool
}

// New mounts a tree.
func New(t vfs.Tree, o Options) *FS {
	return &FS{tree: t, size: t.Size(), quota: o.Quota, mtime: o.Time, readOnly: o.ReadOnly}
}

// Tree is the file tree as it is now.
func (f *FS) Tree() vfs.Tree { return f.tree }

// Changed reports whether anything was written since the mount.
func (f *FS) Changed() bool { return f.changed }

// errno maps a tree error to the system error a guest sees.
func errno(err error) experimentalsys.Errno {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, vfs.ErrNotExist):
		return experimentalsys.ENOENT
	case errors.Is(err, vfs.ErrExist):
		return experimentalsys.EEXIST
	case errors.Is(err, vfs.ErrNotDir):
		return experimentalsys.ENOTDIR
	case errors.Is(err, vfs.ErrIsDir):
		return experimentalsys.EISDIR
	case errors.Is(err, vfs.ErrNotEmpty):
		return experimentalsys.ENOTEMPTY
	}
	return experimentalsys.EINVAL
}

func clean(p string) string { return "/" + strings.Join(vfs.Clean(p), "/") }

func inode(p string) sys.Inode {
	h := fnv.New64a()
	io.WriteString(h, p)
	return sys.Inode(h.Sum64() | 1)
}

func (f *FS) stat(p string, e vfs.Entry) sys.Stat_t {
	mode := fs.FileMode(0o644)
	size := e.Size
	if e.Dir {
		mode, size = fs.ModeDir|0o755, 4096
	}
	return sys.Stat_t{Dev: 1, Ino: inode(p), Mode: mode, Nlink: 1, Size: size, Atim: f.mtime, Mtim: f.mtime, Ctim: f.mtime}
}

// Stat reports a path's status.
func (f *FS) Stat(path string) (sys.Stat_t, experimentalsys.Errno) {
	p := clean(path)
	e, err := f.tree.Stat(p)
	if err != nil {
		return sys.Stat_t{}, errno(err)
	}
	return f.stat(p, e), 0
}

// Lstat is Stat: the trees have no symbolic links.
func (f *FS) Lstat(path string) (sys.Stat_t, experimentalsys.Errno) { return f.Stat(path) }

// update replaces the tree after a change.
func (f *FS) update(t vfs.Tree, err error) experimentalsys.Errno {
	if err != nil {
		return errno(err)
	}
	f.tree, f.changed = t, true
	return 0
}

// writable refuses changes to a read-only mount.
func (f *FS) writable() experimentalsys.Errno {
	if f.readOnly {
		return experimentalsys.EROFS
	}
	return 0
}

// Mkdir makes a directory.
func (f *FS) Mkdir(path string, _ fs.FileMode) experimentalsys.Errno {
	if e := f.writable(); e != 0 {
		return e
	}
	return f.update(f.tree.Mkdir(clean(path)))
}

// removing checks that a file or directory may be removed from a writable
// file system and returns its clean path and entry.
func (f *FS) removing(path string) (string, vfs.Entry, experimentalsys.Errno) {
	if e := f.writable(); e != 0 {
		return "", vfs.Entry{}, e
	}
	p := clean(path)
	e, err := f.tree.Stat(p)
	if err != nil {
		return "", vfs.Entry{}, errno(err)
	}
	return p, e, 0
}

// Rmdir removes an empty directory.
func (f *FS) Rmdir(path string) experimentalsys.Errno {
	p, e, errno := f.removing(path)
	switch {
	case errno != 0:
		return errno
	case !e.Dir:
		return experimentalsys.ENOTDIR
	case p == "/":
		return experimentalsys.EPERM
	}
	return f.update(f.tree.Remove(p))
}

// Unlink removes a file.
func (f *FS) Unlink(path string) experimentalsys.Errno {
	p, e, errno := f.removing(path)
	switch {
	case errno != 0:
		return errno
	case e.Dir:
		return experimentalsys.EISDIR
	}
	if errno := f.update(f.tree.Remove(p)); errno != 0 {
		return errno
	}
	f.size -= e.Size
	return 0
}

// Rename moves a file or directory, replacing a file or an empty directory.
func (f *FS) Rename(from, to string) experimentalsys.Errno {
	if e := f.writable(); e != 0 {
		return e
	}
	src, dst := clean(from), clean(to)
	se, err := f.tree.Stat(src)
	if err != nil {
		return errno(err)
	}
	if src == dst {
		return 0
	}
	if se.Dir && strings.HasPrefix(dst, src+"/") || src == "/" {
		return experimentalsys.EINVAL
	}
	if de, err := f.tree.Stat(dst); err == nil {
		switch {
		case se.Dir && !de.Dir:
			return experimentalsys.ENOTDIR
		case !se.Dir && de.Dir:
			return experimentalsys.EISDIR
		case de.Dir:
			if kids, _ := f.tree.ReadDir(dst); len(kids) > 0 {
				return experimentalsys.ENOTEMPTY
			}
		default:
			f.size -= de.Size
		}
	}
	return f.update(f.tree.Rename(src, dst))
}

// Chmod accepts and ignores mode changes: the trees keep no modes.
func (f *FS) Chmod(path string, _ fs.FileMode) experimentalsys.Errno {
	_, e := f.Stat(path)
	return e
}

// Utimens accepts and ignores time changes: the trees keep no times.
func (f *FS) Utimens(path string, _, _ int64) experimentalsys.Errno {
	_, e := f.Stat(path)
	return e
}

// Readlink fails: the trees have no symbolic links.
func (f *FS) Readlink(string) (string, experimentalsys.Errno) { return "", experimentalsys.EINVAL }

// Link fails: the trees have no hard links.
func (f *FS) Link(string, string) experimentalsys.Errno { return experimentalsys.EPERM }

// Symlink fails: the trees have no symbolic links.
func (f *FS) Symlink(string, string) experimentalsys.Errno { return experimentalsys.EPERM }

// OpenFile opens or creates a file or directory.
func (f *FS) OpenFile(path string, flag experimentalsys.Oflag, _ fs.FileMode) (experimentalsys.File, experimentalsys.Errno) {
	p := clean(path)
	access := flag & (experimentalsys.O_RDONLY | experimentalsys.O_RDWR | experimentalsys.O_WRONLY)
	write := access != experimentalsys.O_RDONLY || flag&experimentalsys.O_TRUNC != 0
	if (write || flag&experimentalsys.O_CREAT != 0) && f.readOnly {
		if _, err := f.tree.Stat(p); err != nil || write {
			return nil, experimentalsys.EROFS
		}
	}
	e, err := f.tree.Stat(p)
	switch {
	case errors.Is(err, vfs.ErrNotExist) && flag&experimentalsys.O_CREAT != 0:
		if errno := f.update(f.tree.WriteFile(p, nil)); errno != 0 {
			return nil, errno
		}
		e = vfs.Entry{}
	case err != nil:
		return nil, errno(err)
	case flag&experimentalsys.O_CREAT != 0 && flag&experimentalsys.O_EXCL != 0:
		return nil, experimentalsys.EEXIST
	}
	if e.Dir {
		if write {
			return nil, experimentalsys.EISDIR
		}
		return &dir{fs: f, path: p}, 0
	}
	if flag&experimentalsys.O_DIRECTORY != 0 {
		return nil, experimentalsys.ENOTDIR
	}
	fl := &file{fs: f, path: p, write: write, read: access != experimentalsys.O_WRONLY, append: flag&experimentalsys.O_APPEND != 0}
	if flag&experimentalsys.O_TRUNC != 0 && e.Size > 0 {
		if errno := f.update(f.tree.WriteFile(p, nil)); errno != 0 {
			return nil, errno
		}
		f.size -= e.Size
	} else {
		fl.data, _ = f.tree.ReadFile(p)
	}
	fl.stored = int64(len(fl.data))
	return fl, 0
}

// file is an open regular file: its contents are buffered and written back
// to the tree when it is synced or closed.
type file struct {
	experimentalsys.UnimplementedFile
	fs                  *FS
	path                string
	data                []byte
	stored              int64 // the size the tree holds for the file
	off                 int64
	read, write, append bool
	dirty               bool
}

func (fl *file) Ino() (sys.Inode, experimentalsys.Errno) { return inode(fl.path), 0 }
func (fl *file) IsDir() (bool, experimentalsys.Errno)    { return false, 0 }
func (fl *file) IsAppend() bool                          { return fl.append }

func (fl *file) SetAppend(enable bool) experimentalsys.Errno {
	fl.append = enable
	return 0
}

func (fl *file) Stat() (sys.Stat_t, experimentalsys.Errno) {
	return fl.fs.stat(fl.path, vfs.Entry{Size: int64(len(fl.data))}), 0
}

func (fl *file) Read(buf []byte) (int, experimentalsys.Errno) {
	n, e := fl.Pread(buf, fl.off)
	fl.off += int64(n)
	return n, e
}

func (fl *file) Pread(buf []byte, off int64) (int, experimentalsys.Errno) {
	if !fl.read {
		return 0, experimentalsys.EBADF
	}
	if off < 0 {
		return 0, experimentalsys.EINVAL
	}
	if off >= int64(len(fl.data)) {
		return 0, 0
	}
	return copy(buf, fl.data[off:]), 0
}

func (fl *file) Write(buf []byte) (int, experimentalsys.Errno) {
	if fl.append {
		fl.off = int64(len(fl.data))
	}
	n, e := fl.Pwrite(buf, fl.off)
	fl.off += int64(n)
	return n, e
}

// ErrNoSpace is the error of a write past the quota. WASI as wazero
// implements it has no ENOSPC, so the guest sees EIO (and the sandbox's
// programs print it as "No space left on device").
const ErrNoSpace = experimentalsys.EIO

// room checks the quota for the file growing to size bytes.
func (fl *file) room(size int64) experimentalsys.Errno {
	if q := fl.fs.quota; q > 0 && fl.fs.size-fl.stored+size > q {
		return ErrNoSpace
	}
	return 0
}

func (fl *file) Pwrite(buf []byte, off int64) (int, experimentalsys.Errno) {
	if !fl.write {
		return 0, experimentalsys.EBADF
	}
	if off < 0 {
		return 0, experimentalsys.EINVAL
	}
	end := off + int64(len(buf))
	if e := fl.room(max(end, int64(len(fl.data)))); e != 0 {
		return 0, e
	}
	switch {
	case end > int64(cap(fl.data)):
		grown := make([]byte, end, max(end, 2*int64(cap(fl.data))))
		copy(grown, fl.data)
		fl.data = grown
	case end > int64(len(fl.data)):
		fl.data = fl.data[:end]
	}
	copy(fl.data[off:], buf)
	fl.dirty = true
	return len(buf), 0
}

func (fl *file) Truncate(size int64) experimentalsys.Errno {
	if !fl.write {
		return experimentalsys.EBADF
	}
	if size < 0 {
		return experimentalsys.EINVAL
	}
	if e := fl.room(size); e != 0 {
		return e
	}
	if size <= int64(len(fl.data)) {
		fl.data = fl.data[:size]
	} else {
		fl.data = append(fl.data, make([]byte, size-int64(len(fl.data)))...)
	}
	fl.dirty = true
	return 0
}

// Sync writes the buffered contents back to the tree.
func (fl *file) Sync() experimentalsys.Errno {
	if !fl.dirty {
		return 0
	}
	if e := fl.fs.update(fl.fs.tree.WriteFile(fl.path, fl.data)); e != 0 {
		return e
	}
	fl.fs.size += int64(len(fl.data)) - fl.stored
	fl.stored = int64(len(fl.data))
	fl.dirty = false
	return 0
}

func (fl *file) Datasync() experimentalsys.Errno { return fl.Sync() }
func (fl *file) Close() experimentalsys.Errno    { return fl.Sync() }

func (fl *file) Utimens(int64, int64) experimentalsys.Errno { return 0 }

// dir is an open directory.
type dir struct {
	experimentalsys.UnimplementedFile
	fs      *FS
	path    string
	entries []experimentalsys.Dirent
	pos     int
	listed  bool
}

func (d *dir) Ino() (sys.Inode, experimentalsys.Errno) { return inode(d.path), 0 }
func (d *dir) IsDir() (bool, experimentalsys.Errno)    { return true, 0 }

func (d *dir) Stat() (sys.Stat_t, experimentalsys.Errno) {
	e, err := d.fs.tree.Stat(d.path)
	if err != nil {
		return sys.Stat_t{}, errno(err)
	}
	return d.fs.stat(d.path, e), 0
}

func (d *dir) Readdir(n int) ([]experimentalsys.Dirent, experimentalsys.Errno) {
	if !d.listed {
		list, err := d.fs.tree.ReadDir(d.path)
		if err != nil {
			return nil, errno(err)
		}
		d.entries = make([]experimentalsys.Dirent, 0, len(list))
		for _, e := range list {
			var t fs.FileMode
			if e.Dir {
				t = fs.ModeDir
			}
			d.entries = append(d.entries, experimentalsys.Dirent{Name: e.Name, Type: t, Ino: inode(strings.TrimSuffix(d.path, "/") + "/" + e.Name)})
		}
		d.listed = true
	}
	rest := d.entries[d.pos:]
	if n > 0 && n < len(rest) {
		rest = rest[:n]
	}
	d.pos += len(rest)
	return rest, 0
}

func (d *dir) Read([]byte) (int, experimentalsys.Errno)         { return 0, experimentalsys.EISDIR }
func (d *dir) Pread([]byte, int64) (int, experimentalsys.Errno) { return 0, experimentalsys.EISDIR }
func (d *dir) Write([]byte) (int, experimentalsys.Errno)        { return 0, experimentalsys.EBADF }
func (d *dir) Pwrite([]byte, int64) (int, experimentalsys.Errno) {
	return 0, experimentalsys.EBADF
}
func (d *dir) Truncate(int64) experimentalsys.Errno       { return experimentalsys.EISDIR }
func (d *dir) Sync() experimentalsys.Errno                { return 0 }
func (d *dir) Datasync() experimentalsys.Errno            { return 0 }
func (d *dir) Utimens(int64, int64) experimentalsys.Errno { return 0 }
func (d *dir) Close() experimentalsys.Errno               { return 0 }
