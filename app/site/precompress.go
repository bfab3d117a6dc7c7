//go:build !js

package site

import (
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"
)

// Precompress writes a brotli (.br, quality 11) and a gzip (.gz, level 9)
// variant beside every .wasm file under dir, skipping variants that are
// already up to date. FileServer serves them to clients that accept them.
func Precompress(dir string) error {
	return filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".wasm") {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		for _, e := range encodings {
			if v, err := os.Stat(name + e.suffix); err == nil && !v.ModTime().Before(info.ModTime()) {
				continue
			}
			if err := compressFile(name, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// compressFile writes name+e.suffix, the content of name in encoding e, through
// a temporary file so that a reader never sees a partial variant.
func compressFile(name string, e encoding) error {
	src, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = encode(tmp, src, e)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name+e.suffix)
}

// encode writes src to dst compressed in encoding e at its best compression.
func encode(dst io.Writer, src []byte, e encoding) error {
	var w io.WriteCloser
	if e.name == "br" {
		w = brotli.NewWriterOptions(dst, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 22})
	} else {
		w, _ = gzip.NewWriterLevel(dst, gzip.BestCompression)
	}
	if _, err := w.Write(src); err != nil {
		return err
	}
	return w.Close()
}
