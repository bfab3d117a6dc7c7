//go:build !js

package browsertest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

const testPage = `<!DOCTYPE html>
<html><body>
<p id="out">waiting</p>
<button id="b" onclick="setTimeout(() => document.getElementById('out').textContent = 'clicked ' + localStorage.getItem('n'), 50)">Go</button>
<input id="in" onkeydown="if (event.key === 'Enter') { localStorage.setItem('n', this.value); this.value = '' }">
</body></html>`

func TestPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, testPage)
	}))
	defer srv.Close()
	p := NewPage(t)
	p.Open(srv.URL)
	p.WaitText("#out", "waiting")
	p.Type("#in", "42\r")
	p.Reload()
	p.Click("#b")
	p.WaitText("p", "clicked 42")
	if got := Eval[int](p, `Promise.resolve(document.querySelectorAll("button").length)`); got != 1 {
		t.Errorf("Eval: %d buttons, want 1", got)
	}
	png := filepath.Join(t.TempDir(), "shot.png")
	p.Screenshot(png)
	if b, err := os.ReadFile(png); err != nil || len(b) < 100 || string(b[1:4]) != "PNG" {
		t.Errorf("screenshot: %d bytes, %v", len(b), err)
	}
}
