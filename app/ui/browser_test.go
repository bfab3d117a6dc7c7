//go:build !js

package ui_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"amilab/app/browsertest"
	"amilab/app/ui"
	"amilab/content"
	"amilab/engine"

	"github.com/chromedp/chromedp"
)

func TestMain(m *testing.M) {
	ui.Register()
	os.Exit(m.Run())
}

// js quotes s as a JavaScript string.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// click waits until the element is there and enabled (go-app renders a
// frame after the change that enables it), then clicks it.
func click(p *browsertest.Page, selector string) {
	p.Wait(`(() => { const e = document.querySelector(` + js(selector) + `); return e && !e.disabled; })()`)
	p.Click(selector)
}

// setValue sets a form field as if the learner had typed or chosen value.
func setValue(p *browsertest.Page, selector, value string) {
	p.Wait(`document.querySelector(` + js(selector) + `)`)
	browsertest.Eval[bool](p, `(() => {
		const e = document.querySelector(`+js(selector)+`);
		e.value = `+js(value)+`;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
}

// rowsInState is a condition: n instance rows show state (n < 0: every row,
// and at least one).
func rowsInState(n int, state string) string {
	return `(() => {
		const rows = Array.from(document.querySelectorAll("#instances tr[data-instance-id]"));
		const in_ = rows.filter(r => r.cells[3] && r.cells[3].innerText.trim() === ` + js(state) + `).length;
		return ` + strconv.Itoa(n) + ` < 0 ? rows.length > 0 && in_ === rows.length : in_ === ` + strconv.Itoa(n) + `;
	})()`
}

// store puts a value in the site's localStorage from a page of the site that
// is not the app, so that the app cannot save over it when it is left.
func store(p *browsertest.Page, url, key, value string) {
	p.Open(url + "/web/app.css")
	browsertest.Eval[bool](p, `(localStorage.setItem(`+js(key)+`, `+js(value)+`), true)`)
}

// open loads a page of the site in a fresh browser and waits for the app.
func open(t *testing.T, path string) (*browsertest.Page, string) {
	srv := browsertest.StartSite(t, ui.Pages())
	p := browsertest.NewPage(t)
	if dir := os.Getenv("AMILAB_SHOTS"); dir != "" {
		t.Cleanup(func() {
			if t.Failed() {
				p.Screenshot(dir + t.Name() + "-failure.png")
			}
		})
	}
	p.Open(srv.URL + path)
	p.WaitMounted()
	p.Wait(`document.querySelector("#instances-tab")`)
	return p, srv.URL
}

// firstQuickStart is a condition that picks the Amazon Linux 2023 image of
// the wizard's Quick Start list.
const pickAmazonLinux = `(() => {
	const li = Array.from(document.querySelectorAll("#image-picker li[data-image-id]"))
		.find(l => l.innerText.includes("al2023"));
	if (!li) return false;
	li.querySelector("input").click();
	return li.querySelector("input").checked;
})()`

func TestWizardLifecycle(t *testing.T) {
	ls, err := content.Lessons()
	if err != nil {
		t.Fatal(err)
	}
	p, _ := open(t, "/lesson/"+ls[0].Slug)
	p.WaitText("#lesson h1", ls[0].Title)

	// Launch two instances through the wizard.
	click(p, "#launch")
	p.Wait(pickAmazonLinux)
	setValue(p, "#launch-name", "web")
	setValue(p, "#launch-count", "2")
	p.WaitText("#launch-submit", "Launch 2 instances")
	click(p, "#launch-submit")
	p.WaitText("#launch-done", "Launched 2 instances")
	click(p, "#launch-close")

	// Pending, then running on a sped-up clock.
	p.Wait(rowsInState(2, "pending"))
	click(p, "#speed-60")
	p.Wait(rowsInState(2, "running"))

	// Stop one.
	click(p, "#instances tbody tr[data-instance-id] input[type=checkbox]")
	click(p, "#action-stop")
	p.WaitText("#instances-result", "running → stopping")
	p.Wait(rowsInState(1, "stopped"))

	// Create an image from it.
	click(p, "#action-create-image")
	setValue(p, "#dialog-create-image-first", "web-image")
	click(p, "#create-image-submit")
	p.WaitText("#instances-result", "Creating image ami-")

	// Launch from the image once it is available.
	click(p, "#tab-images")
	p.WaitText("#images", "available")
	click(p, "#images tbody tr[data-image-id] input[type=checkbox]")
	click(p, "#image-launch")
	p.Wait(`document.querySelector("#launch-wizard input[type=radio]:checked")`)
	click(p, "#launch-submit")
	p.WaitText("#launch-done", "Launched 1 instance")
	click(p, "#launch-close")
	p.Wait(`document.querySelectorAll("#instances tr[data-instance-id]").length === 3`)

	// Terminate everything.
	p.Wait(rowsInState(2, "running"))
	click(p, "#instances thead input[type=checkbox]")
	click(p, "#action-terminate")
	p.Wait(rowsInState(-1, "terminated"))

	// The map shows the family tree; the bill shows what it cost.
	click(p, "#tab-map")
	p.Wait(`document.querySelectorAll("#map [data-kind=instance]").length === 3 && document.querySelectorAll("#map [data-kind=image]").length === 2`)
	click(p, "#tab-activity")
	p.Wait(`document.querySelectorAll("#bill tbody tr[data-line]").length >= 3`)
	p.WaitText("#bill-total", "Total so far: $0.0")
}

// term runs a line in the sandbox terminal and returns what it printed.
func term(p *browsertest.Page, line string) string {
	click(p, "#tab-terminal")
	p.Wait(`document.querySelector("#terminal-screen")`)
	n := browsertest.Eval[int](p, `document.querySelectorAll("#terminal-screen [data-testid=term-entry]").length`)
	setValue(p, "#terminal-input", line)
	click(p, "#terminal-run")
	p.Wait(`document.querySelectorAll("#terminal-screen [data-testid=term-entry]").length > ` + strconv.Itoa(n))
	return browsertest.Eval[string](p, `(() => {
		const all = document.querySelectorAll("#terminal-screen [data-testid=term-entry]");
		const out = all[all.length - 1].querySelector(".out");
		return out ? out.textContent : "";
	})()`)
}

func TestTerminalLifecycle(t *testing.T) {
	p, _ := open(t, "/sandbox")
	ami := strings.TrimSpace(term(p, `aws ec2 describe-images --owners amazon --filters Name=name,Values=al2023-ami-* --query "Images[0].ImageId" --output text`))
	if !strings.HasPrefix(ami, "ami-") {
		t.Fatalf("describe-images printed %q", ami)
	}
	ids := strings.Fields(term(p, "aws ec2 run-instances --image-id "+ami+" --instance-type t3.micro --count 2 --query Instances[].InstanceId --output text"))
	if len(ids) != 2 {
		t.Fatalf("run-instances printed %q", ids)
	}
	click(p, "#tab-instances")
	p.Wait(rowsInState(2, "pending"))
	term(p, "sandbox advance 30s")
	click(p, "#tab-instances")
	p.Wait(rowsInState(2, "running"))

	if out := term(p, "aws ec2 stop-instances --instance-ids "+ids[0]); !strings.Contains(out, `"Name": "stopping"`) {
		t.Fatalf("stop-instances printed %q", out)
	}
	term(p, "aws ec2 wait instance-stopped --instance-ids "+ids[0])
	image := strings.TrimSpace(term(p, "aws ec2 create-image --instance-id "+ids[0]+" --name term-image --query ImageId --output text"))
	term(p, "aws ec2 wait image-available --image-ids "+image)
	id3 := strings.TrimSpace(term(p, "aws ec2 run-instances --image-id "+image+" --instance-type t3.micro --query Instances[0].InstanceId --output text"))
	term(p, "sandbox advance 30s")
	click(p, "#tab-instances")
	p.Wait(`document.querySelector("#instances tr[data-instance-id=` + id3 + `]")`)
	p.Wait(rowsInState(2, "running"))

	out := term(p, "aws ec2 terminate-instances --instance-ids "+ids[0]+" "+ids[1]+" "+id3+" --query TerminatingInstances[].CurrentState.Name --output text")
	if strings.Count(out, "shutting-down") != 3 {
		t.Fatalf("terminate-instances printed %q", out)
	}
	term(p, "sandbox advance 1m")
	click(p, "#tab-instances")
	p.Wait(rowsInState(-1, "terminated"))
	click(p, "#tab-activity")
	p.Wait(`document.querySelectorAll("#bill tbody tr[data-line]").length >= 3`)

	// A failing command prints the CLI's error and its exit status is kept.
	if out := term(p, "aws ec2 start-instances --instance-ids "+ids[0]); !strings.Contains(out, "IncorrectInstanceState") {
		t.Fatalf("start of a terminated instance printed %q", out)
	}
	p.Wait(`document.querySelector("#terminal-screen [data-testid=term-entry]:last-child").dataset.exit === "254"`)
}

// checkState is a condition on the state of a lesson's checkpoint.
func checkState(n int, state string) string {
	return `(() => { const c = document.querySelector("#check-` + strconv.Itoa(n) + `"); return c && c.dataset.state === ` + js(state) + `; })()`
}

func TestCheckpointsAndReload(t *testing.T) {
	ls, err := content.Lessons()
	if err != nil {
		t.Fatal(err)
	}
	first := ls[0]
	p, _ := open(t, "/lesson/"+first.Slug)

	// A Run button sends its block to the terminal.
	click(p, `.run-btn[data-run="0"]`)
	p.WaitText("#terminal-screen", "$ sandbox whoami")
	p.WaitText("#terminal-screen", "123456789012")

	// A failed check shows its hint; nothing is green yet.
	p.Wait(checkState(0, "todo"))
	click(p, "#check-1 button")
	p.Wait(checkState(1, "fail"))
	p.WaitText("#check-1", "Hint:")

	// The first checkpoint turns green by itself once an instance runs.
	term(p, "aws ec2 run-instances --image-id ami-0d4673ef77ba05745 --instance-type t3.micro")
	p.Wait(checkState(0, "todo"))
	term(p, "sandbox advance 1m")
	p.Wait(checkState(0, "pass"))
	click(p, ".lesson-nav summary")
	p.WaitText(`[data-testid="progress-`+first.Slug+`"]`, "1/"+strconv.Itoa(len(first.Checks)))

	// The next lesson replaces the text; the sandbox stays as it is.
	click(p, `[data-testid="next"]`)
	p.WaitText("#lesson h1", ls[1].Title)
	p.Wait(`document.title.includes(` + js(ls[1].Title) + `)`)
	browsertest.Eval[bool](p, `document.querySelector(".lesson-nav details").open = true`)
	click(p, `[data-testid="toc-`+first.Slug+`"]`)
	p.WaitText("#lesson h1", first.Title)
	p.Wait(checkState(0, "pass"))

	// Reload: the world, the terminal and the progress are kept.
	p.Reload()
	p.WaitMounted()
	p.Wait(checkState(0, "pass"))
	p.WaitText("#terminal-screen", "$ sandbox advance 1m")
	click(p, "#tab-instances")
	p.Wait(rowsInState(1, "running"))
}

func TestUnreadableSaveIsReported(t *testing.T) {
	p, url := open(t, "/sandbox")
	term(p, "aws ec2 describe-regions --query Regions[0].RegionName")
	store(p, url, "amilab/world", `{"format": "nonsense"`)
	p.Open(url + "/sandbox")
	p.WaitMounted()
	p.WaitText(`[data-testid="notice"]`, "could not be loaded")
	p.Wait(`document.querySelector("#notice-download")`)
	// The sandbox works on a fresh world, and the old data stays until dismissed.
	if out := term(p, "aws ec2 describe-instances --query length(Reservations)"); strings.TrimSpace(out) != "0" {
		t.Fatalf("a fresh world has instances: %q", out)
	}
	p.Reload()
	p.WaitMounted()
	p.WaitText(`[data-testid="notice"]`, "could not be loaded")
	click(p, "#notice-dismiss")
	p.Wait(`!document.querySelector("[data-testid=notice]")`)
	p.Reload()
	p.WaitMounted()
	p.Wait(`document.querySelector("#terminal-screen") && !document.querySelector("[data-testid=notice]")`)
}

// bigWorld is a saved world with n running instances of the learner in us-east-1.
func bigWorld(t *testing.T, n int) string {
	w := engine.New(engine.Options{})
	if err := w.SetVcpuQuota(engine.LearnerAccount, 4*n); err != nil {
		t.Fatal(err)
	}
	c := engine.Caller{Account: engine.LearnerAccount, Region: "us-east-1"}
	out, err := w.DescribeImages(c, &engine.DescribeImagesInput{Owners: []string{"amazon"}, Filters: []engine.Filter{{Name: "name", Values: []string{"al2023-ami-*x86_64"}}}})
	if err != nil || len(out.Images) == 0 {
		t.Fatalf("no Amazon Linux image: %v", err)
	}
	if _, err := w.RunInstances(c, &engine.RunInstancesInput{ImageId: out.Images[0].ImageId, InstanceType: "t3.micro", MinCount: n, MaxCount: n}); err != nil {
		t.Fatal(err)
	}
	w.Advance(time.Minute)
	data, err := w.Save()
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// clickToRow clicks an element with a synthetic event and returns the
// milliseconds until the row of the instance satisfies cond.
func clickToRow(p *browsertest.Page, target, id, cond string) float64 {
	return browsertest.Eval[float64](p, `new Promise(resolve => {
		const row = () => document.querySelector("#instances tr[data-instance-id=`+id+`]");
		const t0 = performance.now();
		const done = () => (`+cond+`)(row());
		const obs = new MutationObserver(() => { if (done()) { obs.disconnect(); resolve(performance.now() - t0); } });
		obs.observe(document.querySelector("#instances"), {subtree: true, attributes: true, childList: true, characterData: true});
		setTimeout(() => resolve(-(performance.now() - t0)), 5000);
		document.querySelector(`+js(target)+`).click();
	})`)
}

func TestClickLatencyWith200Instances(t *testing.T) {
	p, url := open(t, "/sandbox")
	store(p, url, "amilab/world", bigWorld(t, 200))
	p.Open(url + "/sandbox")
	p.WaitMounted()
	p.Wait(`document.querySelectorAll("#instances tr[data-instance-id]").length === 200`)
	click(p, "#clock-pause")
	id := browsertest.Eval[string](p, `document.querySelectorAll("#instances tr[data-instance-id]")[150].dataset.instanceId`)

	sel := clickToRow(p, "#instances tr[data-instance-id="+id+"] input[type=checkbox]", id, `r => r.getAttribute("aria-selected") === "true"`)
	p.Wait(`!document.querySelector("#action-stop").disabled`)
	stop := clickToRow(p, "#action-stop", id, `r => r.cells[3].innerText.includes("stopping")`)
	t.Logf("200 instances: select a row %.1f ms, stop it %.1f ms from click to updated row", sel, stop)
	if sel > 100 || stop > 100 {
		t.Errorf("a click took more than 100 ms to show (select %.1f ms, stop %.1f ms)", sel, stop)
	}
}

func TestImport(t *testing.T) {
	p, _ := open(t, "/sandbox")
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "bad.json"), filepath.Join(dir, "good.json")
	if err := os.WriteFile(bad, []byte(`{"format": "amilab-world"`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte(bigWorld(t, 3)), 0o644); err != nil {
		t.Fatal(err)
	}
	upload := func(file string) {
		if err := chromedp.Do(p.Context(), chromedp.SetUploadFiles(chromedp.CSS("#import"), []string{file})); err != nil {
			t.Fatalf("choosing %s: %v", file, err)
		}
	}
	id := strings.TrimSpace(term(p, "aws ec2 run-instances --image-id ami-0d4673ef77ba05745 --instance-type t3.micro --query Instances[0].InstanceId --output text"))
	click(p, "#tab-instances")

	upload(bad)
	p.WaitText(`[data-testid="notice"]`, "Could not import bad.json")
	p.Wait(`document.querySelectorAll("#instances tr[data-instance-id]").length === 1 && document.querySelector("#instances tr[data-instance-id=` + id + `]")`)

	upload(good)
	p.WaitText(`[data-testid="notice"]`, "Imported good.json")
	p.Wait(`document.querySelectorAll("#instances tr[data-instance-id]").length === 3`)
	click(p, "#notice-undo")
	p.Wait(`document.querySelectorAll("#instances tr[data-instance-id]").length === 1`)
}

// shellRun runs a line in the open ssh session and waits for its output.
func shellRun(p *browsertest.Page, line, want string) {
	n := browsertest.Eval[int](p, `document.querySelectorAll("#shell-screen [data-testid=term-entry]").length`)
	setValue(p, "#shell-input", line)
	click(p, "#shell-run")
	p.Wait(`(() => {
		const all = document.querySelectorAll("#shell-screen [data-testid=term-entry]");
		return all.length > ` + strconv.Itoa(n) + ` && all[all.length - 1].textContent.includes(` + js(want) + `);
	})()`)
}

// pageShows is a condition: the browser view shows a page containing text
// from another address than notFrom.
func pageShows(text, notFrom string) string {
	return `(() => {
		const v = document.querySelector("#browser-view"), f = document.querySelector("#browser-page");
		return !!f && v.dataset.url !== ` + js(notFrom) + ` && f.getAttribute("srcdoc").includes(` + js(text) + `);
	})()`
}

// selectOnly selects the instance row named name and no other.
func selectOnly(p *browsertest.Page, name string) {
	browsertest.Eval[bool](p, `(() => {
		for (const r of document.querySelectorAll("#instances tr[data-instance-id]")) {
			const box = r.querySelector("input[type=checkbox]");
			if (box.checked !== (r.cells[1].innerText.trim() === `+js(name)+`)) box.click();
		}
		return true;
	})()`)
	p.WaitText("#instances-tab .selection", "1 of ")
}

// The seeds' story in the browser: ports opened in the terminal, an
// instance launched with the wizard, set up over Connect, its page in the
// browser view, an image made from it, and an instance launched from the
// image that serves the page at once. The lesson's checkpoints follow.
func TestStoryInTheBrowser(t *testing.T) {
	start := time.Now()
	p, _ := open(t, "/lesson/create-image")
	p.Timeout = time.Minute
	term(p, "aws ec2 authorize-security-group-ingress --group-name default --protocol tcp --port 22 --cidr 203.0.113.25/32")
	term(p, "aws ec2 authorize-security-group-ingress --group-name default --protocol tcp --port 80 --cidr 0.0.0.0/0")
	const guestLoaded = `performance.getEntriesByType("resource").some(e => e.name.includes("/web/guest/worker.js"))`
	if browsertest.Eval[bool](p, guestLoaded) {
		t.Error("the guest runtime loaded before any instance booted")
	}

	click(p, "#tab-instances")
	click(p, "#launch")
	p.Wait(pickAmazonLinux)
	setValue(p, "#launch-name", "directory-1")
	click(p, "#launch-submit")
	p.WaitText("#launch-done", "Launched 1 instance")
	click(p, "#launch-close")
	click(p, "#speed-60")
	p.Wait(rowsInState(1, "running"))
	booted := time.Now()

	// Connect, install a web server and a page, start it.
	click(p, "#instances tbody tr[data-instance-id] input[type=checkbox]")
	click(p, "#action-connect")
	p.WaitText("#shell-banner", "Amazon Linux 2023")
	connected := time.Since(booted)
	if !browsertest.Eval[bool](p, guestLoaded) {
		t.Error("the guest runtime's worker is not among the page's requests")
	}
	p.WaitText("#shell label.prompt", "[ec2-user@ip-")
	shellRun(p, "sudo dnf install -y httpd", "Complete!")
	shellRun(p, "echo '<h1>Employee directory</h1>' | sudo tee /var/www/html/index.html", "Employee directory")
	shellRun(p, "sudo systemctl enable --now httpd", "Created symlink")
	roundTrip := browsertest.Eval[float64](p, `new Promise(resolve => {
		const screen = document.querySelector("#shell-screen");
		const n = screen.querySelectorAll("[data-testid=term-entry]").length;
		const input = document.querySelector("#shell-input");
		input.value = "echo hi";
		input.dispatchEvent(new Event("input", {bubbles: true}));
		const t0 = performance.now();
		const obs = new MutationObserver(() => {
			if (screen.querySelectorAll("[data-testid=term-entry]").length > n) { obs.disconnect(); resolve(performance.now() - t0); }
		});
		obs.observe(screen, {subtree: true, childList: true});
		document.querySelector("#shell-run").click();
	})`)

	click(p, "#action-browse")
	p.Wait(pageShows("Employee directory", ""))
	first := browsertest.Eval[string](p, `document.querySelector("#browser-view").dataset.url`)
	p.Wait(checkState(0, "pass"))

	// Create an image and launch from it: the page is there at once.
	click(p, "#action-create-image")
	setValue(p, "#dialog-create-image-first", "employee-directory-v1")
	click(p, "#create-image-submit")
	p.WaitText("#instances-result", "Creating image ami-")
	click(p, "#tab-images")
	p.WaitText("#images", "available")
	click(p, "#images tbody tr[data-image-id] input[type=checkbox]")
	click(p, "#image-launch")
	p.Wait(`document.querySelector("#launch-wizard input[type=radio]:checked")`)
	setValue(p, "#launch-name", "directory-2")
	click(p, "#launch-submit")
	p.WaitText("#launch-done", "Launched 1 instance")
	launched := time.Now()
	click(p, "#launch-close")
	p.Wait(`document.querySelectorAll("#instances tr[data-instance-id]").length === 2`)
	p.Wait(rowsInState(2, "running"))
	selectOnly(p, "directory-2")
	click(p, "#action-browse")
	p.Wait(pageShows("Employee directory", first))
	served := time.Since(launched)
	p.Wait(checkState(4, "pass"))
	p.Wait(checkState(5, "pass"))

	// The terminal's guest verbs reach the instances too.
	second := browsertest.Eval[string](p, `document.querySelector("#browser-view").dataset.url`)
	id := strings.TrimSpace(term(p, `aws ec2 describe-instances --filters Name=tag:Name,Values=directory-2 --query "Reservations[0].Instances[0].InstanceId" --output text`))
	if out := term(p, "sandbox http "+id); !strings.Contains(out, "HTTP/1.1 200 OK") || !strings.Contains(out, "Employee directory") {
		t.Errorf("sandbox http in the terminal printed %q", out)
	}
	if out := term(p, "sandbox exec "+id+" -- uname -m"); out != "x86_64\n" {
		t.Errorf("sandbox exec in the terminal printed %q", out)
	}
	t.Logf("story in Chromium: %.1fs in all; running → connected %.0f ms (first boot, worker start included); exec round trip %.0f ms; launch from the image → page in the browser view %.1fs (%s)",
		time.Since(start).Seconds(), float64(connected.Milliseconds()), roundTrip, served.Seconds(), second)
}

// Connect to an instance whose security group keeps port 22 closed: ssh
// times out, says why, and the keyboard focus lands on "Connect again".
func TestConnectTimesOut(t *testing.T) {
	p, _ := open(t, "/sandbox")
	term(p, "aws ec2 run-instances --image-id ami-0d4673ef77ba05745 --instance-type t3.micro")
	term(p, "sandbox advance 1m")
	click(p, "#tab-instances")
	click(p, "#instances tbody tr[data-instance-id] input[type=checkbox]")
	click(p, "#action-connect")
	p.WaitText("#shell-error", "port 22: Connection timed out")
	p.Wait(`document.activeElement && document.activeElement.id === "shell-reconnect"`)
	p.WaitText("#shell-title", "Could not connect")
}
