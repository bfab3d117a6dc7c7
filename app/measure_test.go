//go:build !js

package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"amilab/app/browsertest"
	"amilab/app/ui"
	"amilab/engine"
	"amilab/engine/cli"
)

var measure = flag.Bool("measure", false, "measure app.wasm and the site's timings in a real browser (make measure)")

// loadProbe runs at the start of every document: it notes, at the frame
// where each first happens, when the lesson's title is on screen and when
// app.wasm has mounted the page (go-app removes its loader).
const loadProbe = `(() => {
	const m = window.__load = {};
	const frame = () => {
		const now = performance.now();
		const h = document.querySelector("#lesson h1");
		if (!m.text && h && h.getBoundingClientRect().height > 0) m.text = now;
		const loader = document.getElementById("app-wasm-loader");
		if (loader) m.sawLoader = true;
		if (!m.mounted && m.sawLoader && !loader) m.mounted = now;
		if (!m.text || !m.mounted) requestAnimationFrame(frame);
	};
	requestAnimationFrame(frame);
})()`

// clickProbe arms a watch: from the next click, how long until the DOM
// satisfies the condition %s (a MutationObserver sees the change), and until
// the frame that paints it.
const clickProbe = `(() => {
	window.__click = null;
	const cond = () => %s;
	window.addEventListener("click", () => {
		const start = performance.now();
		const done = (dom) => requestAnimationFrame(() => {
			window.__click = {dom: dom - start, frame: performance.now() - start};
		});
		if (cond()) return done(start);
		const obs = new MutationObserver(() => {
			if (cond()) { obs.disconnect(); done(performance.now()); }
		});
		obs.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
	}, {capture: true, once: true});
	return true;
})()`

type loadTimes struct{ Text, Mounted float64 }

type clickTimes struct{ DOM, Frame float64 }

// TestMeasure prints the sizes of app.wasm and the site's timings. It is not
// a pass/fail test: make measure runs it.
func TestMeasure(t *testing.T) {
	if !*measure {
		t.Skip("run with -measure (make measure)")
	}
	report := func(format string, args ...any) { fmt.Printf(format+"\n", args...) }

	wasm := filepath.Join(browsertest.WebDir(t), "app.wasm")
	report("app.wasm: %s raw, %s gzip (level 9), %s brotli (quality 11)",
		mb(fileSize(t, wasm, wasm)), mb(fileSize(t, wasm+".gz", wasm)), mb(fileSize(t, wasm+".br", wasm)))
	if out, err := exec.Command("gzip", "-9", "-c", wasm).Output(); err == nil {
		report("app.wasm: %s with GNU gzip -9 (the quality bar: at most 2.5 MB, and 2.0 MB with brotli)", mb(int64(len(out))))
	}

	l := firstLesson(t)
	srv := browsertest.StartSite(t, ui.Pages())
	p := browsertest.NewPage(t)
	p.AddScriptOnLoad(loadProbe)
	load := func(what string) {
		p.Wait(`window.__load && window.__load.text && window.__load.mounted`)
		lt := browsertest.Eval[loadTimes](p, `window.__load`)
		report("%s: first lesson text %s, interactive sandbox (app.wasm mounted) %s", what, ms(lt.Text), ms(lt.Mounted))
	}
	p.Open(srv.URL + "/lesson/" + l.Slug)
	load("cold load of /lesson/" + l.Slug + " from localhost")
	p.WaitServiceWorker()
	p.Reload()
	load("warm reload (service worker cache)")

	// 200 running instances, past the learner's default vCPU quota.
	s := cli.NewSession(engine.New(engine.Options{}))
	mustRun(t, s, "sandbox set-vcpu-quota 400")
	ids := strings.Fields(mustRun(t, s, "aws ec2 run-instances --image-id "+ami+
		" --instance-type t3.micro --count 200 --query 'Instances[].InstanceId' --output text"))
	mustRun(t, s, "sandbox advance 2m")
	openWithWorld(p, srv.URL, "/sandbox", saved(t, s))
	p.Click("#clock-pause")
	p.Wait(`document.querySelectorAll("#instances tr[data-instance-id]").length === 200`)

	var selects, stops []clickTimes
	for _, id := range ids[:5] {
		row := `#instances tr[data-instance-id="` + id + `"]`
		selects = append(selects, clickLatency(p, row+` td:nth-child(3)`,
			`document.querySelector('`+row+`').getAttribute("aria-selected") === "true"`))
		stops = append(stops, clickLatency(p, "#action-stop",
			`document.querySelector('`+row+`').cells[3].innerText.trim() === "stopping"`))
	}
	report("200 instances, click a row → row selected: %s", summary(selects))
	report("200 instances, click Stop → row shows stopping: %s", summary(stops))
}

// clickLatency clicks the element matching selector and returns how long
// the page took to satisfy condition.
func clickLatency(p *browsertest.Page, selector, condition string) clickTimes {
	browsertest.Eval[bool](p, fmt.Sprintf(clickProbe, condition))
	p.Click(selector)
	p.Wait(`window.__click`)
	return browsertest.Eval[clickTimes](p, `window.__click`)
}

// summary formats the median and the worst of the click timings.
func summary(ts []clickTimes) string {
	dom := make([]float64, len(ts))
	frame := make([]float64, len(ts))
	for i, c := range ts {
		dom[i], frame[i] = c.DOM, c.Frame
	}
	sort.Float64s(dom)
	sort.Float64s(frame)
	return fmt.Sprintf("DOM updated after %s (median of %d; worst %s), painted in the frame after %s (worst %s)",
		ms(dom[len(dom)/2]), len(ts), ms(dom[len(dom)-1]), ms(frame[len(frame)/2]), ms(frame[len(frame)-1]))
}

// fileSize returns the size of the file name, which must be at least as
// new as the file it derives from.
func fileSize(t *testing.T, name, from string) int64 {
	t.Helper()
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if src, err := os.Stat(from); err != nil || info.ModTime().Before(src.ModTime()) {
		t.Fatalf("%s is older than %s: make wasm", name, from)
	}
	return info.Size()
}

func mb(n int64) string { return fmt.Sprintf("%d bytes (%.2f MB)", n, float64(n)/1e6) }

func ms(v float64) string { return fmt.Sprintf("%.0f ms", v) }
