//go:build !js

package site

import (
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// page is a stand-in page component.
type page struct{ app.Compo }

func (*page) Render() app.UI { return app.Main().Text("prerendered lesson text") }

func init() {
	app.Route("/", &page{})
	app.RouteWithRegexp("^/lesson/.*", &page{})
}

func testWeb() fstest.MapFS {
	return fstest.MapFS{
		"app.wasm":     {Data: []byte("wasm"), ModTime: time.Unix(2000, 0)},
		"app.wasm.br":  {Data: []byte("stale"), ModTime: time.Unix(1000, 0)},
		"app.css":      {Data: []byte("body{}")},
		"icon.svg":     {Data: []byte("<svg/>")},
		"icon-192.png": {Data: []byte("png")},
		"icon-512.png": {Data: []byte("png")},
		"guest/w.wasm": {Data: []byte("guest")},
	}
}

var testPages = []string{"/", "/lesson/one", "/lesson/two"}

func TestHandler(t *testing.T) {
	h, err := NewHandler(Config{Web: testWeb(), Build: "abc123", Pages: testPages})
	if err != nil {
		t.Fatal(err)
	}
	body := func(path string) string {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		b, _ := io.ReadAll(w.Result().Body)
		return string(b)
	}
	if b := body("/lesson/one"); !strings.Contains(b, "prerendered lesson text") {
		t.Errorf("page /lesson/one is not prerendered:\n%s", b)
	}
	worker := body("/app-worker.js")
	for _, want := range []string{`"/lesson/one"`, `"/lesson/two"`, `"/web/app.css"`, `"/web/guest/w.wasm"`,
		`"/web/icon-192.png"`, `"/web/icon-512.png"`, `"/web/app.wasm"`, `app-" + "abc123-`} {
		if !strings.Contains(worker, want) {
			t.Errorf("app-worker.js lacks %s:\n%s", want, worker)
		}
	}
	if strings.Contains(worker, ".br") {
		t.Errorf("app-worker.js caches a precompressed variant:\n%s", worker)
	}
	for _, path := range []string{"/", "/lesson/one", "/app-worker.js", "/manifest.webmanifest"} {
		if b := body(path); strings.Contains(b, "https://") {
			t.Errorf("%s refers to a remote resource:\n%s", path, b)
		}
	}
}

func TestVersionFollowsContent(t *testing.T) {
	version := func(web fstest.MapFS) string {
		h, err := NewHandler(Config{Web: web, Build: "abc123"})
		if err != nil {
			t.Fatal(err)
		}
		return h.Version
	}
	web := testWeb()
	a := version(web)
	web["app.wasm.br"] = &fstest.MapFile{Data: []byte("recompressed")}
	if b := version(web); a != b {
		t.Errorf("a new precompressed variant changed the version: %s → %s", a, b)
	}
	web["app.wasm"] = &fstest.MapFile{Data: []byte("rebuilt")}
	if b := version(web); a == b || !strings.HasPrefix(b, "abc123-") {
		t.Errorf("rebuilt app.wasm: version %s → %s, want a new version starting with the build", a, b)
	}
}

func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	if err := Generate(dir, Config{Web: testWeb(), Build: "abc123", Pages: testPages}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "lesson/one.html", "lesson/two.html", "app.js", "app-worker.js",
		"manifest.webmanifest", "wasm_exec.js", "SERVING.md", "web/app.css", "web/guest/w.wasm",
		"web/app.wasm.br", "web/app.wasm.gz", "web/guest/w.wasm.gz"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "web/app.wasm.br")); string(b) == "stale" {
		t.Error("the stale app.wasm.br of the source was copied")
	}
	w := httptest.NewRecorder()
	FileServer(os.DirFS(dir)).ServeHTTP(w, httptest.NewRequest("GET", "/lesson/two", nil))
	if !strings.Contains(w.Body.String(), "prerendered lesson text") {
		t.Errorf("GET /lesson/two from the static site:\n%s", w.Body)
	}
}
