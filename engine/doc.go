// Package engine is AMI Lab's simulated EC2: a deterministic world of accounts,
// regions, instances, images, volumes, snapshots, security groups and key
// pairs, driven through an API shaped like EC2's.
//
// Every action is a method named as the EC2 action (RunInstances,
// DescribeImages, …) that takes the calling account and region (a Caller) and
// an input struct with the API's field names, and returns an output struct
// whose JSON is what the AWS CLI prints, or an *Error carrying EC2's code.
//
// Time is virtual: transitions are scheduled on the world's clock and happen
// when Advance moves it. Ids come from a seeded generator. Two worlds created
// with the same Options and given the same calls are identical.
package engine
