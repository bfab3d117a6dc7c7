//go:build !js

package site

import (
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// RawLengthHeader is the response header that carries the uncompressed size of
// a file served precompressed. go-app's loader reads it (through
// Handler.WasmContentLengthHeader) to show the download progress of app.wasm,
// because Content-Length then counts compressed bytes.
const RawLengthHeader = "X-Raw-Content-Length"

// encoding is a precompressed variant a file may have beside it: app.wasm.br
// and app.wasm.gz next to app.wasm.
type encoding struct{ name, suffix string }

// encodings lists the precompressed variants, best first.
var encodings = []encoding{{"br", ".br"}, {"gzip", ".gz"}}

// FileServer serves the files of fsys the way a static host serving the
// generated site should:
//
//   - /lesson/x is answered with lesson/x.html and / with index.html, so page
//     routes work without an .html suffix (http.FileServer does not do this);
//   - a file with an up-to-date precompressed variant (x.br, x.gz) is sent in
//     the best encoding the client accepts, with the right Content-Length and
//     the uncompressed size in RawLengthHeader.
func FileServer(fsys fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, info, ok := lookup(fsys, r.URL.Path)
		if !ok {
			http.NotFound(w, r)
			return
		}
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype != "" {
			w.Header().Set("Content-Type", ctype)
		}
		for _, e := range encodings {
			variant, ok := fresh(fsys, name+e.suffix, info)
			if !ok {
				continue
			}
			w.Header().Set("Vary", "Accept-Encoding")
			if accepts(r.Header.Get("Accept-Encoding"), e.name) {
				serveEncoded(w, r, fsys, name, e, variant, info.Size())
				return
			}
		}
		f, err := fsys.Open(name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer f.Close()
		content, ok := f.(io.ReadSeeker)
		if !ok {
			http.Error(w, name+" cannot seek", http.StatusInternalServerError)
			return
		}
		http.ServeContent(w, r, name, info.ModTime(), content)
	})
}

// lookup maps a URL path to a regular file of fsys: the file itself, the
// index.html of a directory, or the page with .html appended.
func lookup(fsys fs.FS, urlPath string) (string, fs.FileInfo, bool) {
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	candidates := []string{name, path.Join(name, "index.html"), name + ".html"}
	if name == "" {
		candidates = []string{"index.html"}
	}
	for _, c := range candidates {
		info, err := fs.Stat(fsys, c)
		if err == nil && info.Mode().IsRegular() {
			return c, info, true
		}
	}
	return "", nil, false
}

// fresh stats the precompressed variant of a file and reports whether it
// exists and is at least as new as the file: a stale variant (app.wasm
// rebuilt, its .br not) is never served.
func fresh(fsys fs.FS, variant string, original fs.FileInfo) (fs.FileInfo, bool) {
	info, err := fs.Stat(fsys, variant)
	if err != nil || !info.Mode().IsRegular() || info.ModTime().Before(original.ModTime()) {
		return nil, false
	}
	return info, true
}

// accepts reports whether an Accept-Encoding header value allows enc.
func accepts(header, enc string) bool {
	for _, part := range strings.Split(header, ",") {
		token, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(token), enc) {
			continue
		}
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			q, err := strconv.ParseFloat(v, 64)
			return err == nil && q > 0
		}
		return true
	}
	return false
}

// serveEncoded sends the variant of the file name in encoding e; rawSize is
// the size of the file itself.
func serveEncoded(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string, e encoding, variant fs.FileInfo, rawSize int64) {
	f, err := fsys.Open(name + e.suffix)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Encoding", e.name)
	w.Header().Set("Content-Length", strconv.FormatInt(variant.Size(), 10))
	w.Header().Set(RawLengthHeader, strconv.FormatInt(rawSize, 10))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		io.Copy(w, f)
	}
}
