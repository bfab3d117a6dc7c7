package local_test

import (
	"runtime"
	"testing"

	"amilab/engine"
)

// BenchmarkBoot measures one boot of an instance (init, services, cloud-init).
func BenchmarkBoot(b *testing.B) {
	w, _ := world(b)
	id := launch(b, w, &engine.RunInstancesInput{})
	in := &engine.RebootInstancesInput{InstanceIds: []string{id}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := w.RebootInstances(learner, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExec measures a command's round trip: job, guest run, result.
func BenchmarkExec(b *testing.B) {
	w, g := world(b)
	openPorts(b, w, 22)
	id := launch(b, w, &engine.RunInstancesInput{})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if out, code := g.Exec(w, id, "echo hi"); code != 0 || out != "hi\n" {
			b.Fatalf("%d %q", code, out)
		}
	}
}

// BenchmarkHTTP measures a request to an instance's web server.
func BenchmarkHTTP(b *testing.B) {
	w, g := world(b)
	openPorts(b, w, 22, 80)
	id := launch(b, w, &engine.RunInstancesInput{UserData: "#!/bin/bash\ndnf install -y httpd\necho hi > /var/www/html/index.html\nsystemctl enable --now httpd\n"})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if status, _ := g.HTTP(w, id, "/", engine.LearnerAddress); status != 200 {
			b.Fatal(status)
		}
	}
}

// BenchmarkTwentyInstances reports the memory twenty running web servers
// hold (heap in use after a collection, beyond the runtime's compiled code).
func BenchmarkTwentyInstances(b *testing.B) {
	for i := 0; i < b.N; i++ {
		w, g := world(b)
		openPorts(b, w, 22, 80)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		out, err := w.RunInstances(learner, &engine.RunInstancesInput{ImageId: imageID(b, w, al2023), InstanceType: "t2.micro", MinCount: 20, MaxCount: 20,
			UserData: "#!/bin/bash\ndnf install -y httpd\necho hi > /var/www/html/index.html\nsystemctl enable --now httpd\n"})
		if err != nil {
			b.Fatal(err)
		}
		for _, in := range out.Instances {
			provision(b, w, in.InstanceId)
		}
		advance(w, 60e9)
		for _, in := range out.Instances {
			if status, _ := g.HTTP(w, in.InstanceId, "/", engine.LearnerAddress); status != 200 {
				b.Fatalf("%s: %d", in.InstanceId, status)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "MiB-heap-growth")
		b.ReportMetric(float64(after.HeapAlloc)/(1<<20), "MiB-heap")
		b.ReportMetric(float64(after.Sys)/(1<<20), "MiB-sys")
	}
}
