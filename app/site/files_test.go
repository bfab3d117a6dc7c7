//go:build !js

package site

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"testing/fstest"
	"time"
)

func TestFileServer(t *testing.T) {
	old, now := time.Unix(1000, 0), time.Unix(2000, 0)
	fsys := fstest.MapFS{
		"index.html":        {Data: []byte("home"), ModTime: now},
		"lesson/intro.html": {Data: []byte("intro"), ModTime: now},
		"web/app.wasm":      {Data: []byte("0123456789"), ModTime: now},
		"web/app.wasm.br":   {Data: []byte("BR"), ModTime: now},
		"web/app.wasm.gz":   {Data: []byte("GZIP"), ModTime: now},
		"web/old.wasm":      {Data: []byte("new content"), ModTime: now},
		"web/old.wasm.br":   {Data: []byte("stale"), ModTime: old},
		"web/app.css":       {Data: []byte("body{}"), ModTime: now},
	}
	tests := []struct {
		path, acceptEncoding  string
		status                int
		body, encoding, ctype string
	}{
		{"/", "", 200, "home", "", "text/html; charset=utf-8"},
		{"/lesson/intro", "", 200, "intro", "", "text/html; charset=utf-8"},
		{"/lesson/intro/", "", 200, "intro", "", "text/html; charset=utf-8"},
		{"/lesson/missing", "", 404, "404 page not found\n", "", "text/plain; charset=utf-8"},
		{"/../index.html", "", 200, "home", "", "text/html; charset=utf-8"},
		{"/web/app.wasm", "gzip, deflate, br, zstd", 200, "BR", "br", "application/wasm"},
		{"/web/app.wasm", "gzip", 200, "GZIP", "gzip", "application/wasm"},
		{"/web/app.wasm", "br;q=0, gzip;q=0.5", 200, "GZIP", "gzip", "application/wasm"},
		{"/web/app.wasm", "", 200, "0123456789", "", "application/wasm"},
		{"/web/old.wasm", "br", 200, "new content", "", "application/wasm"},
		{"/web/app.css", "br", 200, "body{}", "", "text/css; charset=utf-8"},
	}
	h := FileServer(fsys)
	for _, tt := range tests {
		r := httptest.NewRequest("GET", tt.path, nil)
		if tt.acceptEncoding != "" {
			r.Header.Set("Accept-Encoding", tt.acceptEncoding)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		res := w.Result()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != tt.status || string(body) != tt.body ||
			res.Header.Get("Content-Encoding") != tt.encoding || res.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("GET %s (Accept-Encoding %q) = %d %q, encoding %q, type %q; want %d %q, %q, %q",
				tt.path, tt.acceptEncoding, res.StatusCode, body, res.Header.Get("Content-Encoding"),
				res.Header.Get("Content-Type"), tt.status, tt.body, tt.encoding, tt.ctype)
		}
		if tt.status == http.StatusOK && res.Header.Get("Content-Length") != strconv.Itoa(len(tt.body)) {
			t.Errorf("GET %s: Content-Length %q, body has %d bytes", tt.path, res.Header.Get("Content-Length"), len(tt.body))
		}
		if tt.encoding != "" && res.Header.Get(RawLengthHeader) != "10" {
			t.Errorf("GET %s: %s = %q, want the uncompressed size 10", tt.path, RawLengthHeader, res.Header.Get(RawLengthHeader))
		}
	}
}

func TestFileServerHead(t *testing.T) {
	fsys := fstest.MapFS{"app.wasm": {Data: []byte("0123456789")}, "app.wasm.br": {Data: []byte("BR")}}
	r := httptest.NewRequest("HEAD", "/app.wasm", nil)
	r.Header.Set("Accept-Encoding", "br")
	w := httptest.NewRecorder()
	FileServer(fsys).ServeHTTP(w, r)
	if w.Body.Len() != 0 || w.Header().Get("Content-Length") != "2" {
		t.Errorf("HEAD: body %q, Content-Length %q; want no body, 2", w.Body, w.Header().Get("Content-Length"))
	}
}
