//go:build !js

// Package site puts AMI Lab on the web: the go-app handler that prerenders
// every page and serves the files of web/ (app.wasm precompressed), and the
// generator of the static site. It is server-side code: nothing compiled to
// WebAssembly imports it.
package site

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Config describes the site.
type Config struct {
	// Web holds the files served under /web/: app.wasm (with app.wasm.br and
	// app.wasm.gz), app.css, the icons and every file the app loads lazily.
	Web fs.FS

	// Build names the build, normally its git commit. The service worker's
	// version is Build plus a digest of Web, so learners get a new cache
	// exactly when what is served changes.
	Build string

	// Pages lists the path of every page ("/", "/lesson/<slug>", …). The
	// service worker caches each one for offline use and Generate writes each
	// one as HTML. The routes themselves are registered with app.Route.
	Pages []string
}

// NewHandler returns the go-app handler of the site. The routes of the pages
// must be registered (app.Route) before it serves a page.
func NewHandler(c Config) (*app.Handler, error) {
	files, digest, err := inventory(c.Web)
	if err != nil {
		return nil, err
	}
	build := c.Build
	if build == "" {
		build = "dev"
	}
	return &app.Handler{
		Name:        "AMI Lab",
		ShortName:   "AMI Lab",
		Title:       "AMI Lab",
		Description: "Learn EC2 instances and AMIs with lessons beside a live simulated sandbox.",
		Icon: app.Icon{
			Default: "/web/icon-192.png",
			Large:   "/web/icon-512.png",
			SVG:     "/web/icon.svg",
		},
		BackgroundColor:         "#f7f8fa",
		ThemeColor:              "#232f3e",
		LoadingLabel:            "Loading the sandbox… {progress}%",
		Styles:                  []string{"/web/app.css"},
		CacheableResources:      append(files, c.Pages...),
		Resources:               webFiles{http.StripPrefix("/web", FileServer(c.Web))},
		Version:                 build + "-" + digest,
		WasmContentLengthHeader: RawLengthHeader,
	}, nil
}

// inventory lists the URL path of every file of web (precompressed variants
// aside, as the browser asks for the original) and returns a digest of their
// names and contents.
func inventory(web fs.FS) (paths []string, digest string, err error) {
	h := sha256.New()
	err = fs.WalkDir(web, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || isVariant(name) {
			return err
		}
		f, err := web.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		io.WriteString(h, name+"\x00")
		if _, err := io.Copy(h, f); err != nil {
			return err
		}
		paths = append(paths, "/web/"+name)
		return nil
	})
	return paths, hex.EncodeToString(h.Sum(nil))[:12], err
}

// isVariant reports whether name is a precompressed variant of another file.
func isVariant(name string) bool {
	for _, e := range encodings {
		if strings.HasSuffix(name, e.suffix) {
			return true
		}
	}
	return false
}

// webFiles is the go-app resource provider of the site: package resources at
// the root, static resources under /web/, served by the embedded handler.
type webFiles struct{ http.Handler }

// Package returns the URL prefix of go-app's own resources: the root.
func (webFiles) Package() string { return "" }

// Static returns the URL prefix of the /web directory: the root.
func (webFiles) Static() string { return "" }

// AppWASM returns the URL path of the client.
func (webFiles) AppWASM() string { return "/web/app.wasm" }
