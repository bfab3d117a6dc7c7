package engine_test

import (
	"fmt"
	"time"

	"amilab/engine"
)

// A learner launches an instance, watches it boot on the virtual clock and stops it.
func Example() {
	w := engine.New(engine.Options{})
	me := engine.Caller{Account: engine.LearnerAccount, Region: "us-east-1"}

	images, _ := w.DescribeImages(me, &engine.DescribeImagesInput{
		Owners:  []string{"amazon"},
		Filters: []engine.Filter{{Name: "name", Values: []string{"al2023-ami-*-x86_64"}}},
	})
	res, err := w.RunInstances(me, &engine.RunInstancesInput{ImageId: images.Images[0].ImageId, InstanceType: "t3.micro"})
	if err != nil {
		fmt.Println(err)
		return
	}
	id := res.Instances[0].InstanceId
	fmt.Println(res.Instances[0].State.Name)

	w.Advance(30 * time.Second)
	v, _ := w.InstanceView(me, id)
	fmt.Println(v.State.Name)

	out, _ := w.StopInstances(me, &engine.StopInstancesInput{InstanceIds: []string{id}})
	fmt.Println(out.StoppingInstances[0].PreviousState.Name, "→", out.StoppingInstances[0].CurrentState.Name)

	_, err = w.ModifyInstanceAttribute(me, &engine.ModifyInstanceAttributeInput{InstanceId: id, InstanceType: &engine.AttributeValue{Value: "t3.large"}})
	fmt.Println(err)
	// Output:
	// pending
	// running
	// running → stopping
	// IncorrectInstanceState: The instance 'i-099ffacf50e8354b3' is not in the 'stopped' state.
}
