package treefs

import (
	"testing"

	"amilab/engine/vfs"

	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
)

func tree(t *testing.T, files map[string][]byte) vfs.Tree {
	t.Helper()
	tr, err := vfs.FromFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestWriteReadRename(t *testing.T) {
	orig := tree(t, map[string][]byte{"/etc/motd": []byte("hi\n"), "/tmp": nil})
	fs := New(orig, Options{})
	f, e := fs.OpenFile("tmp/a.txt", experimentalsys.O_WRONLY|experimentalsys.O_CREAT|experimentalsys.O_TRUNC, 0o644)
	if e != 0 {
		t.Fatal(e)
	}
	if _, e := f.Write([]byte("hello ")); e != 0 {
		t.Fatal(e)
	}
	if _, e := f.Write([]byte("world")); e != 0 {
		t.Fatal(e)
	}
	if e := f.Close(); e != 0 {
		t.Fatal(e)
	}
	if data, _ := fs.Tree().ReadFile("/tmp/a.txt"); string(data) != "hello world" {
		t.Fatalf("file %q", data)
	}
	if data, _ := orig.ReadFile("/etc/motd"); string(data) != "hi\n" {
		t.Fatal("the original tree changed")
	}
	f, _ = fs.OpenFile("tmp/a.txt", experimentalsys.O_WRONLY|experimentalsys.O_APPEND, 0)
	f.Write([]byte("!"))
	f.Close()
	f, _ = fs.OpenFile("tmp/a.txt", experimentalsys.O_RDONLY, 0)
	buf := make([]byte, 64)
	n, _ := f.Read(buf)
	if string(buf[:n]) != "hello world!" {
		t.Fatalf("read %q", buf[:n])
	}
	if _, e := f.Write([]byte("x")); e != experimentalsys.EBADF {
		t.Fatalf("write to a read-only handle: %v", e)
	}
	if e := fs.Rename("tmp/a.txt", "etc/b.txt"); e != 0 {
		t.Fatal(e)
	}
	if _, e := fs.Stat("tmp/a.txt"); e != experimentalsys.ENOENT {
		t.Fatalf("old name: %v", e)
	}
	if e := fs.Rename("etc", "etc/sub"); e != experimentalsys.EINVAL {
		t.Fatalf("a directory into itself: %v", e)
	}
	if e := fs.Rename("etc/b.txt", "tmp"); e != experimentalsys.EISDIR {
		t.Fatalf("a file over a directory: %v", e)
	}
	if e := fs.Rmdir("etc"); e != experimentalsys.ENOTEMPTY {
		t.Fatalf("rmdir of a full directory: %v", e)
	}
	if e := fs.Unlink("etc"); e != experimentalsys.EISDIR {
		t.Fatalf("unlink of a directory: %v", e)
	}
	if _, e := fs.OpenFile("tmp", experimentalsys.O_WRONLY, 0); e != experimentalsys.EISDIR {
		t.Fatalf("writing a directory: %v", e)
	}
	if _, e := fs.OpenFile("nothere/x", experimentalsys.O_CREAT|experimentalsys.O_WRONLY, 0); e != experimentalsys.ENOENT {
		t.Fatalf("creating in a missing directory: %v", e)
	}
	if _, e := fs.OpenFile("etc/motd", experimentalsys.O_CREAT|experimentalsys.O_EXCL|experimentalsys.O_WRONLY, 0); e != experimentalsys.EEXIST {
		t.Fatalf("O_EXCL on an existing file: %v", e)
	}
}

func TestReaddir(t *testing.T) {
	fs := New(tree(t, map[string][]byte{"/d/a": []byte("1"), "/d/b": nil, "/d/c": []byte("3")}), Options{})
	f, e := fs.OpenFile("d", experimentalsys.O_RDONLY, 0)
	if e != 0 {
		t.Fatal(e)
	}
	first, _ := f.Readdir(2)
	rest, _ := f.Readdir(10)
	if len(first) != 2 || len(rest) != 1 || first[0].Name != "a" || !first[1].IsDir() || rest[0].Name != "c" {
		t.Fatalf("entries %v %v", first, rest)
	}
	for _, d := range append(first, rest...) {
		if d.Ino == 0 {
			t.Fatalf("%s has inode 0", d.Name)
		}
	}
}

func TestQuotaAndReadOnly(t *testing.T) {
	fs := New(tree(t, map[string][]byte{"/big": make([]byte, 60)}), Options{Quota: 100})
	f, _ := fs.OpenFile("x", experimentalsys.O_WRONLY|experimentalsys.O_CREAT, 0)
	if _, e := f.Write(make([]byte, 40)); e != 0 {
		t.Fatalf("within the quota: %v", e)
	}
	if _, e := f.Write(make([]byte, 1)); e != ErrNoSpace {
		t.Fatalf("past the quota: %v", e)
	}
	f.Close()
	if e := fs.Unlink("big"); e != 0 {
		t.Fatal(e)
	}
	f, _ = fs.OpenFile("x", experimentalsys.O_WRONLY|experimentalsys.O_APPEND, 0)
	if _, e := f.Write(make([]byte, 50)); e != 0 {
		t.Fatalf("after freeing space: %v", e)
	}
	f.Close()

	ro := New(tree(t, map[string][]byte{"/f": []byte("x")}), Options{ReadOnly: true})
	if _, e := ro.OpenFile("f", experimentalsys.O_WRONLY, 0); e != experimentalsys.EROFS {
		t.Fatalf("write on a read-only mount: %v", e)
	}
	if e := ro.Mkdir("d", 0o755); e != experimentalsys.EROFS {
		t.Fatalf("mkdir on a read-only mount: %v", e)
	}
	if _, e := ro.OpenFile("f", experimentalsys.O_RDONLY, 0); e != 0 {
		t.Fatalf("read on a read-only mount: %v", e)
	}
}
