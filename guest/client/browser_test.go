//go:build !js

package client_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"amilab/app/browsertest"
	"amilab/guest/internal/guesttest"
)

// TestStoryInChromium runs the seeds' story in a real browser: the page
// (app.wasm's part, the client) drives the guest worker (wazero's
// interpreter); an endless guest is stopped by ending the worker while the
// page keeps running.
func TestStoryInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	dir := t.TempDir()
	guest := filepath.Join(dir, "guest")
	if err := os.MkdirAll(guest, 0o755); err != nil {
		t.Fatal(err)
	}
	buildJS(t, filepath.Join(dir, "story.wasm"), "./internal/storypage")
	buildJS(t, filepath.Join(guest, "worker.wasm"), "../worker")
	write(t, filepath.Join(guest, "busybox.wasm"), guesttest.Wasm(t))
	wasmExec, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "wasm_exec.js"), wasmExec)
	write(t, filepath.Join(guest, "wasm_exec.js"), wasmExec)
	copyFile(t, "../worker/worker.js", filepath.Join(guest, "worker.js"))
	copyFile(t, "internal/storypage/index.html", filepath.Join(dir, "index.html"))
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()

	p := browsertest.NewPage(t)
	p.Timeout = 4 * time.Minute
	start := time.Now()
	p.Open(srv.URL + "/index.html")
	p.Wait("window.amilabStory !== undefined")
	var rep struct {
		Steps       []string `json:"steps"`
		Failures    []string `json:"failures"`
		FirstBoot   float64  `json:"firstBootMs"`
		Boot        float64  `json:"bootMs"`
		Exec        float64  `json:"execMs"`
		HTTP        float64  `json:"httpMs"`
		Runaway     float64  `json:"runawayMs"`
		TicksDuring int      `json:"ticksDuringRunaway"`
		Restarts    int      `json:"restarts"`
		Limits      []string `json:"limits"`
	}
	if err := json.Unmarshal([]byte(browsertest.Eval[string](p, "window.amilabStory")), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Failures) > 0 {
		t.Errorf("the story failed in Chromium:\n%s\n\ntranscript:\n%s", strings.Join(rep.Failures, "\n"), strings.Join(rep.Steps, ""))
	}
	t.Logf("limits in the worker: %s", strings.Join(rep.Limits, "; "))
	if rep.Restarts < 1 {
		t.Errorf("the worker was restarted %d times, want at least once (after the endless guest)", rep.Restarts)
	}
	if rep.TicksDuring < 20 {
		t.Errorf("the page's 10 ms timer fired %d times during a 2 s runaway guest: the page froze", rep.TicksDuring)
	}
	t.Logf("Chromium (wazero interpreter in a Web Worker): whole story %.1fs; first boot incl. worker start %.0f ms; warm boot %.0f ms; exec round trip %.1f ms; HTTP %.1f ms; runaway stopped after %.0f ms (page timer fired %d times meanwhile)",
		time.Since(start).Seconds(), rep.FirstBoot, rep.Boot, rep.Exec, rep.HTTP, rep.Runaway, rep.TicksDuring)
}

func buildJS(t *testing.T, out, pkg string) {
	t.Helper()
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, msg)
	}
}

func write(t *testing.T, file string, data []byte) {
	t.Helper()
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	write(t, to, data)
}
