//go:build !js

package site

import (
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// servingNote is written beside the generated site.
const servingNote = `# Serving AMI Lab as a static site

This directory is the whole site. Serve it with any static web server that
answers /lesson/<slug> with lesson/<slug>.html (and / with index.html):

- nginx:  try_files $uri $uri.html $uri/ =404;
- Caddy:  file_server with try_files {path} {path}.html
- Apache: MultiViews, or RewriteRule to %{REQUEST_FILENAME}.html

web/app.wasm has precompressed variants (app.wasm.br, app.wasm.gz): let the
server send them (nginx gzip_static/brotli_static, Caddy precompressed br gzip)
with Content-Type application/wasm.

Offline use needs a secure context: the service worker only registers when the
site is opened over https or from http://localhost. Over plain http on a LAN
address the site works, but only while the server is reachable.
`

// Generate writes the complete static site into dir: a prerendered HTML file
// for every page of c.Pages (lesson text shows before app.wasm has loaded),
// go-app's loader, manifest and service worker, the files of c.Web with
// precompressed variants of every .wasm file, and a short serving note.
func Generate(dir string, c Config) error {
	h, err := NewHandler(c)
	if err != nil {
		return err
	}
	if err := app.GenerateStaticWebsite(dir, h, c.Pages...); err != nil {
		return err
	}
	web := filepath.Join(dir, "web")
	if err := copyFiles(web, c.Web); err != nil {
		return err
	}
	if err := Precompress(web); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "SERVING.md"), []byte(servingNote), 0o644)
}

// copyFiles copies the files of src into dir, keeping their modification
// times so that precompressed variants stay recognisably fresh, and leaving
// out stale variants (Precompress then rebuilds them).
func copyFiles(dir string, src fs.FS) error {
	return fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if original, err := fs.Stat(src, strings.TrimSuffix(name, path.Ext(name))); err == nil && isVariant(name) {
			if _, ok := fresh(src, name, original); !ok {
				return nil
			}
		}
		if err := copyFile(dst, src, name); err != nil {
			return err
		}
		if info.ModTime().IsZero() {
			return nil
		}
		return os.Chtimes(dst, info.ModTime(), info.ModTime())
	})
}

// copyFile copies the file name of src to dst.
func copyFile(dst string, src fs.FS, name string) error {
	in, err := src.Open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
