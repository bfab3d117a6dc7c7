package engine

import (
	"fmt"
	"testing"
	"time"
)

// worldWith returns a world where the learner runs n t2.micro instances, each
// tagged Name=web-<i>.
func worldWith(b *testing.B, n int) *World {
	b.Helper()
	w := New(Options{})
	w.SetVcpuQuota(LearnerAccount, 1<<30)
	img := imageNamed(b, w, learner, al2023)
	for i := 0; i < n; i++ {
		_, err := w.RunInstances(learner, &RunInstancesInput{ImageId: img, InstanceType: "t2.micro",
			TagSpecifications: []TagSpecification{{ResourceType: "instance", Tags: []Tag{{Key: "Name", Value: fmt.Sprint("web-", i)}}}}})
		if err != nil {
			b.Fatal(err)
		}
	}
	w.Advance(time.Minute)
	return w
}

var sizes = []int{10, 10000}

func BenchmarkRunInstances(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w := worldWith(b, n)
			img := imageNamed(b, w, learner, al2023)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := w.RunInstances(learner, &RunInstancesInput{ImageId: img, InstanceType: "t2.micro"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDescribeInstancesByTag(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w := worldWith(b, n)
			in := &DescribeInstancesInput{Filters: []Filter{{Name: "tag:Name", Values: []string{"web-7"}}, {Name: "instance-state-name", Values: []string{"running"}}}}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				out, err := w.DescribeInstances(learner, in)
				if err != nil || len(out.Reservations) != 1 {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkStopStart(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w := worldWith(b, n)
			out, _ := w.DescribeInstances(learner, &DescribeInstancesInput{Filters: []Filter{{Name: "tag:Name", Values: []string{"web-3"}}}})
			ids := []string{out.Reservations[0].Instances[0].InstanceId}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := w.StopInstances(learner, &StopInstancesInput{InstanceIds: ids}); err != nil {
					b.Fatal(err)
				}
				w.Advance(TimedTransitions[StateStopping].After)
				if _, err := w.StartInstances(learner, &StartInstancesInput{InstanceIds: ids}); err != nil {
					b.Fatal(err)
				}
				w.Advance(TimedTransitions[StatePending].After)
			}
		})
	}
}

func BenchmarkCreateImage(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w := worldWith(b, n)
			out, _ := w.DescribeInstances(learner, &DescribeInstancesInput{Filters: []Filter{{Name: "tag:Name", Values: []string{"web-5"}}}})
			id := out.Reservations[0].Instances[0].InstanceId
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := w.CreateImage(learner, &CreateImageInput{InstanceId: id, Name: fmt.Sprint("image-", i), NoReboot: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSave(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			w := worldWith(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				data, err := w.Save()
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(data)))
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			data, _ := worldWith(b, n).Save()
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Load(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
