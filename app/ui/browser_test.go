//go:build !js

package ui_test

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"amilab/app/browsertest"
	"amilab/app/ui"
	"amilab/content"
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

// open loads a page of the site in a fresh browser and waits for the app.
func open(t *testing.T, path string) (*browsertest.Page, string) {
	srv := browsertest.StartSite(t, ui.Pages())
	p := browsertest.NewPage(t)
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
	p.Screenshot(os.Getenv("AMILAB_SHOTS") + "activity.png")
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
