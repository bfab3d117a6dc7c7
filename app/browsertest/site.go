//go:build !js

package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"amilab/app/site"
)

// WebDir returns the repository's web/ directory, skipping (or failing, see
// the package documentation) the test when web/app.wasm has not been built.
func WebDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
	web := filepath.Join(dir, "web")
	_, err = os.Stat(filepath.Join(web, "app.wasm"))
	skipUnless(t, err == nil, "web/app.wasm is not built: make wasm")
	return web
}

// SiteHandler returns the handler of `amilab serve` over the repository's
// web/ directory. pages are the page paths (ui.Pages()); their routes must be
// registered (ui.Register()) before.
func SiteHandler(t testing.TB, pages []string) http.Handler {
	t.Helper()
	h, err := site.NewHandler(site.Config{Web: os.DirFS(WebDir(t)), Build: "test", Pages: pages})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// StartSite serves the site as `amilab serve` does (SiteHandler) on a free
// loopback port until the test ends. Close the server to take the site
// offline.
func StartSite(t testing.TB, pages []string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(SiteHandler(t, pages))
	t.Cleanup(srv.Close)
	return srv
}

// GenerateStatic writes the static site (what `make static` writes) into a
// temporary directory and returns the directory. The routes of pages must be
// registered before.
func GenerateStatic(t testing.TB, pages []string) string {
	t.Helper()
	dir := t.TempDir()
	if err := site.Generate(dir, site.Config{Web: os.DirFS(WebDir(t)), Build: "test", Pages: pages}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// StartStatic serves the static site in dir the way a plain static host does
// (site.FileServer: files as they are, /lesson/x from lesson/x.html) on a free
// loopback port until the test ends.
func StartStatic(t testing.TB, dir string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(site.FileServer(os.DirFS(dir)))
	t.Cleanup(srv.Close)
	return srv
}
