//go:build !js

// Package browsertest drives a real headless Chromium for AMI Lab's browser
// tests, screenshots and measurements.
//
// A test starts the site, opens a page and waits for what it expects:
//
//	func TestMain(m *testing.M) {
//		ui.Register() // the routes the site prerenders
//		os.Exit(m.Run())
//	}
//
//	func TestTerminal(t *testing.T) {
//		srv := browsertest.StartSite(t, ui.Pages())
//		p := browsertest.NewPage(t)
//		p.Open(srv.URL + "/sandbox")
//		p.WaitMounted()
//		p.Click("#tab-terminal")
//		p.Type("#terminal-input", "sandbox whoami\r")
//		p.WaitText("#terminal-screen", "us-east-1")
//	}
//
// StartStatic serves the output of GenerateStatic instead, as a plain static
// host would; closing either server takes the site offline.
//
// go-app renders asynchronously (one batch per frame) and replaces the
// prerendered DOM when app.wasm mounts, so never read the DOM once and
// compare: wait for a condition with Wait or WaitText, which poll until it
// holds or the page's Timeout ends. Every method fails the test on error,
// with a screenshot of the page in the test's artifact directory (go test
// -artifacts keeps it); the browser's console output is logged when a test
// fails.
//
// Chromium is /usr/bin/chromium (Debian's package) or $CHROMIUM. Without it,
// or without a built web/app.wasm, the tests are skipped, unless the
// environment has AMILAB_BROWSER=require (as `make test` sets), which turns
// the skip into a failure. `go test -short` skips them too.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Page is one tab of a headless Chromium started for one test, with a fresh
// profile: no service worker, storage or HTTP cache from another test.
type Page struct {
	t   testing.TB
	ctx context.Context

	// Timeout bounds every wait. It is 30 seconds unless changed.
	Timeout time.Duration

	mu  sync.Mutex
	log []string // console messages and uncaught exceptions
}

// NewPage starts Chromium and returns its tab. The browser stops when the
// test ends.
func NewPage(t testing.TB) *Page {
	t.Helper()
	skipUnless(t, chromium() != "", "no Chromium: apt-get install -y chromium, or set $CHROMIUM")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium()),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.WindowSize(1280, 800),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	p := &Page{t: t, ctx: ctx, Timeout: 30 * time.Second}
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		if t.Failed() {
			p.dumpLog()
		}
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	p.record()
	return p
}

// chromium returns the path of the browser, or "" when there is none.
func chromium() string {
	for _, path := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium"} {
		if path != "" {
			if _, err := os.Stat(path); err == nil {
				return path
			}
		}
	}
	return ""
}

// skipUnless skips the test when ok is false, or fails it when the
// environment requires browser tests to run.
func skipUnless(t testing.TB, ok bool, reason string) {
	t.Helper()
	switch {
	case ok && !testing.Short():
	case os.Getenv("AMILAB_BROWSER") == "require":
		t.Fatalf("browser test cannot run: %s", reason)
	case !ok:
		t.Skipf("browser test skipped: %s", reason)
	default:
		t.Skip("browser test skipped in -short mode")
	}
}

// record keeps the page's console output and uncaught exceptions.
func (p *Page) record() {
	console := chromedp.Events(p.ctx, runtime.ConsoleAPICalled)
	exceptions := chromedp.Events(p.ctx, runtime.ExceptionThrown)
	go func() {
		for ev, err := range console {
			if err != nil {
				return
			}
			args := make([]string, len(ev.Args))
			for i, a := range ev.Args {
				args[i] = a.Description
				if a.Value != nil {
					args[i] = string(a.Value)
				}
			}
			p.addLog("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil {
				text += " " + d.Exception.Description
			}
			p.addLog("exception at %s:%d: %s", d.URL, d.LineNumber+1, text)
		}
	}()
}

func (p *Page) addLog(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.log = append(p.log, fmt.Sprintf(format, args...))
}

func (p *Page) dumpLog() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.log) > 0 {
		p.t.Logf("browser console:\n\t%s", strings.Join(p.log, "\n\t"))
	}
}

// Context returns the chromedp context of the tab, for actions this package
// does not wrap: chromedp.Do(p.Context(), …).
func (p *Page) Context() context.Context { return p.ctx }

// do runs chromedp actions and fails the test on error.
func (p *Page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.fail("%s: %v", what, err)
	}
}

// fail fails the test with a message and a screenshot of the page, kept in
// the test's artifact directory (go test -artifacts keeps it).
func (p *Page) fail(format string, args ...any) {
	p.t.Helper()
	msg := fmt.Sprintf(format, args...)
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
		file := filepath.Join(p.t.ArtifactDir(), "failure.png")
		if os.WriteFile(file, png, 0o644) == nil {
			msg += "\nscreenshot: " + file
		}
	}
	p.t.Fatal(msg)
}

// Open navigates to url and waits for its load event.
func (p *Page) Open(url string) {
	p.t.Helper()
	p.do("open "+url, chromedp.Navigate(url))
}

// Reload reloads the page (through the service worker, if one is active)
// and waits for its load event.
func (p *Page) Reload() {
	p.t.Helper()
	p.do("reload", chromedp.Reload())
}

// Wait polls the JavaScript expression once per animation frame until it is
// truthy, and fails the test after Timeout. The expression may return a
// promise. It is evaluated again after a navigation or an exception.
func (p *Page) Wait(expression string) {
	p.t.Helper()
	deadline := time.Now().Add(p.Timeout)
	var err error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithDeadline(p.ctx, deadline)
		_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expression,
			chromedp.WithPollingTimeout(time.Until(deadline))))
		cancel()
		if err == nil {
			return
		}
		if errors.Is(err, chromedp.ErrPollingTimeout) || p.ctx.Err() != nil {
			break
		}
		time.Sleep(20 * time.Millisecond) // a navigation or an exception: poll again
	}
	p.fail("waited %v for %s: %v\npage text: %.2000s", p.Timeout, expression, err, p.bodyText())
}

// bodyText returns the visible text of the page, for failure messages.
func (p *Page) bodyText() string {
	ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
	defer cancel()
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	return text
}

// WaitText waits until an element matching the CSS selector contains text
// (in its innerText, as the learner sees it).
func (p *Page) WaitText(selector, text string) {
	p.t.Helper()
	p.Wait(fmt.Sprintf(`Array.from(document.querySelectorAll(%s)).some(e => e.innerText.includes(%s))`,
		jsString(selector), jsString(text)))
}

// WaitMounted waits until app.wasm has started and mounted the page: go-app
// removes its loader once the Go program runs.
func (p *Page) WaitMounted() {
	p.t.Helper()
	p.Wait(`document.readyState === "complete" && !document.getElementById("app-wasm-loader") && document.body.childElementCount > 0`)
}

// WaitServiceWorker waits until the site's service worker is installed and
// active, so that every resource it caches is in its cache.
func (p *Page) WaitServiceWorker() {
	p.t.Helper()
	p.Wait(`navigator.serviceWorker.getRegistration().then(r => !!r && !!r.active && r.active.state === "activated")`)
}

// Click waits for an element matching the CSS selector to be there and
// enabled (go-app may enable it a frame after the change that allows it),
// then clicks its center with the mouse.
func (p *Page) Click(selector string) {
	p.t.Helper()
	p.Wait(`(() => { const e = document.querySelector(` + jsString(selector) + `); return !!e && !e.disabled; })()`)
	p.do("click "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// SetValue sets the value of a form field (an input, a select) matching the
// CSS selector and fires its input and change events, as if the learner had
// typed or chosen value.
func (p *Page) SetValue(selector, value string) {
	p.t.Helper()
	p.Wait(`(() => {
		const e = document.querySelector(` + jsString(selector) + `);
		if (!e) return false;
		e.value = ` + jsString(value) + `;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
}

// Type focuses the element matching the CSS selector and types text into it
// key by key. "\r" is Enter; the kb package of chromedp names other keys
// (kb.ArrowUp, kb.Tab, …).
func (p *Page) Type(selector, text string) {
	p.t.Helper()
	p.do("type into "+selector, chromedp.SendKeys(chromedp.CSS(selector), text))
}

// Key sends keys to the element that has the focus.
func (p *Page) Key(keys string) {
	p.t.Helper()
	p.do("press keys", chromedp.KeyEvent(keys))
}

// Viewport sets the size of the page's viewport in CSS pixels.
func (p *Page) Viewport(width, height int) {
	p.t.Helper()
	p.do("set the viewport", chromedp.EmulateViewport(int64(width), int64(height)))
}

// Screenshot writes a PNG of the viewport to file.
func (p *Page) Screenshot(file string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.MkdirAll(filepath.Dir(file), 0o755)
	}
	if err == nil {
		err = os.WriteFile(file, png, 0o644)
	}
	if err != nil {
		p.fail("screenshot %s: %v", file, err)
	}
}

// AddScriptOnLoad makes the page run the JavaScript source at the start of
// every document it loads from now on, before the document's own scripts:
// a probe that notes when things first happen, say.
func (p *Page) AddScriptOnLoad(source string) {
	p.t.Helper()
	p.do("add a script", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: source})
		return err
	}))
}

// ClearHTTPCache empties the browser's HTTP cache (not the service worker's
// cache), so that a later load cannot be answered from it.
func (p *Page) ClearHTTPCache() {
	p.t.Helper()
	p.do("clear the HTTP cache", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.ClearBrowserCache, cdp.Empty{})
		return err
	}))
}

// Eval evaluates a JavaScript expression in the page and decodes its value,
// awaiting it when it is a promise. It reads the page once: to wait for a
// state, use Wait.
func Eval[T any](p *Page, expression string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.Timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expression, chromedp.EvalAwaitPromise))
	if err != nil {
		p.fail("evaluate %s: %v", expression, err)
	}
	return v
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
