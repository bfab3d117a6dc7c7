//go:build !js

package main

import (
	"flag"
	"path/filepath"
	"testing"

	"amilab/app/browsertest"
	"amilab/app/ui"
	"amilab/engine"
	"amilab/engine/cli"
)

var screenshots = flag.String("screenshots", "", "write screenshots of the main screens into `DIR` (make screenshots)")

// TestScreenshots writes the README's pictures of the main screens.
func TestScreenshots(t *testing.T) {
	if *screenshots == "" {
		t.Skip("run with -screenshots DIR (make screenshots)")
	}
	s := cli.NewSession(engine.New(engine.Options{}))
	run := func(line string) string { return mustRun(t, s, line) }
	run("aws ec2 run-instances --image-id " + ami + " --instance-type t3.micro --count 2 --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web}]'")
	run("aws ec2 run-instances --image-id " + ami + " --instance-type m5.large --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=batch}]'")
	run("sandbox advance 2m")
	web := run("aws ec2 describe-instances --filters Name=tag:Name,Values=web --query 'Reservations[0].Instances[0].InstanceId' --output text")
	run("aws ec2 create-image --instance-id " + web + " --name web-v1 --description 'web server, first release'")
	run("sandbox advance 10m")
	image := run("aws ec2 describe-images --owners self --query 'Images[0].ImageId' --output text")
	run("aws ec2 run-instances --image-id " + image + " --instance-type t3.small --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web-from-image}]'")
	run("sandbox advance 30s")
	world := saved(t, s)

	srv := browsertest.StartSite(t, ui.Pages())
	p := browsertest.NewPage(t)
	p.Viewport(1280, 800)
	shot := func(name string) { p.Screenshot(filepath.Join(*screenshots, name+".png")) }

	openWithWorld(p, srv.URL, "/lesson/"+firstLesson(t).Slug, world)
	p.Click("#clock-pause")
	p.Wait(`document.querySelectorAll("#instances tr[data-instance-id]").length === 4`)
	shot("lesson")

	p.Open(srv.URL + "/sandbox")
	p.WaitMounted()
	p.Wait(`document.querySelectorAll("#instances tr[data-instance-id]").length === 4`)
	p.Click(`#instances tr[data-instance-id] td:nth-child(3)`)
	p.Wait(`document.querySelector("#instance-details")`)
	shot("instances")

	p.Click("#launch")
	p.Wait(`document.querySelector("#launch-wizard")`)
	shot("launch")
	p.Click("#launch-cancel")

	runInTerminal(p, "aws ec2 describe-instances --query 'Reservations[].Instances[].[Tags[?Key==`Name`]|[0].Value, InstanceId, InstanceType, State.Name]' --output table", "web-from-image")
	shot("terminal")

	p.Click("#tab-map")
	p.Wait(`document.querySelectorAll("#map [data-kind=instance]").length === 4`)
	shot("map")

	p.Click("#tab-activity")
	p.Wait(`document.querySelector("#bill-total")`)
	shot("activity")

	p.Viewport(360, 740)
	p.Open(srv.URL + "/lesson/" + firstLesson(t).Slug)
	p.WaitMounted()
	shot("narrow")
}
