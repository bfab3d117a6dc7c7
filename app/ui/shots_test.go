//go:build !js

package ui_test

import (
	"os"
	"testing"
)

func TestShots(t *testing.T) {
	dir := os.Getenv("AMILAB_SHOTS")
	if dir == "" {
		t.Skip()
	}
	p, url := open(t, "/lesson/launch")
	term(p, "aws ec2 run-instances --image-id ami-0d4673ef77ba05745 --instance-type t3.micro --count 3")
	click(p, "#tab-instances")
	p.Viewport(360, 740)
	p.Screenshot(dir + "w360.png")
	p.Wait(`(window.scrollTo(0, document.querySelector("#sandbox").offsetTop), true)`)
	p.Screenshot(dir + "w360-sandbox.png")
	p.Viewport(800, 900)
	p.Screenshot(dir + "w800.png")
	p.Viewport(1280, 800)
	click(p, "#launch")
	p.Wait(pickAmazonLinux)
	p.Screenshot(dir + "wizard.png")
	click(p, "#tab-map")
	p.Screenshot(dir + "map.png")
	_ = url
}
