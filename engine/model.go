package engine

import (
	"strings"
	"time"
)

// Time is a timestamp printed as the AWS CLI prints one: 2026-11-23T10:00:00+00:00.
type Time struct{ time.Time }

const timeLayout = "2006-01-02T15:04:05+00:00"

// MarshalJSON writes the time in UTC in the AWS CLI's layout.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.UTC().Format(timeLayout) + `"`), nil
}

// UnmarshalJSON reads a time written by MarshalJSON (or RFC 3339).
func (t *Time) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	t.Time = v.UTC()
	return nil
}

// Tag is a key/value label on a resource.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// InstanceState is a state name with its numeric code.
type InstanceState struct {
	Code int    `json:"Code"`
	Name string `json:"Name"`
}

// StateReason explains the last state change.
type StateReason struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

// Placement is where an instance runs.
type Placement struct {
	AvailabilityZone string `json:"AvailabilityZone"`
	GroupName        string `json:"GroupName"`
	Tenancy          string `json:"Tenancy"`
}

// GroupIdentifier names a security group.
type GroupIdentifier struct {
	GroupName string `json:"GroupName"`
	GroupId   string `json:"GroupId"`
}

// EbsInstanceBlockDevice is an EBS volume attached to an instance.
type EbsInstanceBlockDevice struct {
	AttachTime          Time   `json:"AttachTime"`
	DeleteOnTermination bool   `json:"DeleteOnTermination"`
	Status              string `json:"Status"`
	VolumeId            string `json:"VolumeId"`
}

// InstanceBlockDeviceMapping is one device of an instance.
type InstanceBlockDeviceMapping struct {
	DeviceName string                  `json:"DeviceName"`
	Ebs        *EbsInstanceBlockDevice `json:"Ebs,omitempty"`
}

// ProductCode marks Marketplace software.
type ProductCode struct {
	ProductCodeId   string `json:"ProductCodeId"`
	ProductCodeType string `json:"ProductCodeType"`
}

// Monitoring says whether detailed monitoring is on.
type Monitoring struct {
	State string `json:"State"`
}

// CpuOptions describes an instance's cores.
type CpuOptions struct {
	CoreCount      int `json:"CoreCount"`
	ThreadsPerCore int `json:"ThreadsPerCore"`
}

// Instance is what DescribeInstances reports about an instance.
type Instance struct {
	AmiLaunchIndex        int                          `json:"AmiLaunchIndex"`
	ImageId               string                       `json:"ImageId"`
	InstanceId            string                       `json:"InstanceId"`
	InstanceType          string                       `json:"InstanceType"`
	KeyName               string                       `json:"KeyName,omitempty"`
	LaunchTime            Time                         `json:"LaunchTime"`
	Monitoring            Monitoring                   `json:"Monitoring"`
	Placement             Placement                    `json:"Placement"`
	Platform              string                       `json:"Platform,omitempty"`
	PrivateDnsName        string                       `json:"PrivateDnsName"`
	PrivateIpAddress      string                       `json:"PrivateIpAddress"`
	ProductCodes          []ProductCode                `json:"ProductCodes"`
	PublicDnsName         string                       `json:"PublicDnsName"`
	PublicIpAddress       string                       `json:"PublicIpAddress,omitempty"`
	State                 InstanceState                `json:"State"`
	StateTransitionReason string                       `json:"StateTransitionReason"`
	SubnetId              string                       `json:"SubnetId"`
	VpcId                 string                       `json:"VpcId"`
	Architecture          string                       `json:"Architecture"`
	BlockDeviceMappings   []InstanceBlockDeviceMapping `json:"BlockDeviceMappings"`
	EbsOptimized          bool                         `json:"EbsOptimized"`
	Hypervisor            string                       `json:"Hypervisor"`
	RootDeviceName        string                       `json:"RootDeviceName"`
	RootDeviceType        string                       `json:"RootDeviceType"`
	SecurityGroups        []GroupIdentifier            `json:"SecurityGroups"`
	StateReason           *StateReason                 `json:"StateReason,omitempty"`
	Tags                  []Tag                        `json:"Tags,omitempty"`
	VirtualizationType    string                       `json:"VirtualizationType"`
	CpuOptions            CpuOptions                   `json:"CpuOptions"`
	PlatformDetails       string                       `json:"PlatformDetails"`
	UsageOperation        string                       `json:"UsageOperation"`
}

// EbsBlockDevice is the EBS part of an image's (or a launch's) block device mapping.
type EbsBlockDevice struct {
	DeleteOnTermination *bool  `json:"DeleteOnTermination,omitempty"`
	Iops                int    `json:"Iops,omitempty"`
	SnapshotId          string `json:"SnapshotId,omitempty"`
	VolumeSize          int    `json:"VolumeSize,omitempty"`
	VolumeType          string `json:"VolumeType,omitempty"`
	Encrypted           *bool  `json:"Encrypted,omitempty"`
}

// BlockDeviceMapping maps a device name to an EBS volume, an instance-store
// volume (VirtualName ephemeralN) or nothing (NoDevice).
type BlockDeviceMapping struct {
	DeviceName  string          `json:"DeviceName"`
	VirtualName string          `json:"VirtualName,omitempty"`
	Ebs         *EbsBlockDevice `json:"Ebs,omitempty"`
	NoDevice    *string         `json:"NoDevice,omitempty"`
}

// Image is what DescribeImages reports about an AMI.
type Image struct {
	Architecture        string               `json:"Architecture"`
	CreationDate        string               `json:"CreationDate"`
	ImageId             string               `json:"ImageId"`
	ImageLocation       string               `json:"ImageLocation"`
	ImageType           string               `json:"ImageType"`
	Public              bool                 `json:"Public"`
	OwnerId             string               `json:"OwnerId"`
	Platform            string               `json:"Platform,omitempty"`
	PlatformDetails     string               `json:"PlatformDetails"`
	UsageOperation      string               `json:"UsageOperation"`
	ProductCodes        []ProductCode        `json:"ProductCodes,omitempty"`
	State               string               `json:"State"`
	BlockDeviceMappings []BlockDeviceMapping `json:"BlockDeviceMappings"`
	Description         string               `json:"Description,omitempty"`
	EnaSupport          bool                 `json:"EnaSupport"`
	Hypervisor          string               `json:"Hypervisor"`
	ImageOwnerAlias     string               `json:"ImageOwnerAlias,omitempty"`
	Name                string               `json:"Name"`
	RootDeviceName      string               `json:"RootDeviceName"`
	RootDeviceType      string               `json:"RootDeviceType"`
	SriovNetSupport     string               `json:"SriovNetSupport,omitempty"`
	StateReason         *StateReason         `json:"StateReason,omitempty"`
	Tags                []Tag                `json:"Tags,omitempty"`
	VirtualizationType  string               `json:"VirtualizationType"`
	SourceImageId       string               `json:"SourceImageId,omitempty"`
	SourceImageRegion   string               `json:"SourceImageRegion,omitempty"`
	SourceInstanceId    string               `json:"SourceInstanceId,omitempty"`
}

// VolumeAttachment says where a volume is attached.
type VolumeAttachment struct {
	AttachTime          Time   `json:"AttachTime"`
	Device              string `json:"Device"`
	InstanceId          string `json:"InstanceId"`
	State               string `json:"State"`
	VolumeId            string `json:"VolumeId"`
	DeleteOnTermination bool   `json:"DeleteOnTermination"`
}

// Volume is what DescribeVolumes reports about an EBS volume.
type Volume struct {
	Attachments        []VolumeAttachment `json:"Attachments"`
	AvailabilityZone   string             `json:"AvailabilityZone"`
	CreateTime         Time               `json:"CreateTime"`
	Encrypted          bool               `json:"Encrypted"`
	Size               int                `json:"Size"`
	SnapshotId         string             `json:"SnapshotId"`
	State              string             `json:"State"`
	VolumeId           string             `json:"VolumeId"`
	Iops               int                `json:"Iops,omitempty"`
	Tags               []Tag              `json:"Tags,omitempty"`
	VolumeType         string             `json:"VolumeType"`
	MultiAttachEnabled bool               `json:"MultiAttachEnabled"`
}

// Snapshot is what DescribeSnapshots reports.
type Snapshot struct {
	Description string `json:"Description"`
	Encrypted   bool   `json:"Encrypted"`
	OwnerId     string `json:"OwnerId"`
	Progress    string `json:"Progress"`
	SnapshotId  string `json:"SnapshotId"`
	StartTime   Time   `json:"StartTime"`
	State       string `json:"State"`
	VolumeId    string `json:"VolumeId"`
	VolumeSize  int    `json:"VolumeSize"`
	Tags        []Tag  `json:"Tags,omitempty"`
	StorageTier string `json:"StorageTier"`
}

// IpRange is a CIDR allowed by a security group rule.
type IpRange struct {
	CidrIp      string `json:"CidrIp"`
	Description string `json:"Description,omitempty"`
}

// UserIdGroupPair allows traffic from another security group.
type UserIdGroupPair struct {
	GroupId   string `json:"GroupId"`
	GroupName string `json:"GroupName,omitempty"`
	UserId    string `json:"UserId,omitempty"`
}

// IpPermission is one security group rule.
type IpPermission struct {
	IpProtocol       string            `json:"IpProtocol"`
	FromPort         *int              `json:"FromPort,omitempty"`
	ToPort           *int              `json:"ToPort,omitempty"`
	IpRanges         []IpRange         `json:"IpRanges"`
	UserIdGroupPairs []UserIdGroupPair `json:"UserIdGroupPairs"`
}

// SecurityGroup is a virtual firewall for instances.
type SecurityGroup struct {
	Description         string         `json:"Description"`
	GroupName           string         `json:"GroupName"`
	IpPermissions       []IpPermission `json:"IpPermissions"`
	OwnerId             string         `json:"OwnerId"`
	GroupId             string         `json:"GroupId"`
	IpPermissionsEgress []IpPermission `json:"IpPermissionsEgress"`
	Tags                []Tag          `json:"Tags,omitempty"`
	VpcId               string         `json:"VpcId"`
}

// KeyPairInfo describes a key pair (without its private key).
type KeyPairInfo struct {
	KeyPairId      string `json:"KeyPairId"`
	KeyFingerprint string `json:"KeyFingerprint"`
	KeyName        string `json:"KeyName"`
	KeyType        string `json:"KeyType"`
	Tags           []Tag  `json:"Tags,omitempty"`
	CreateTime     Time   `json:"CreateTime"`
}

// LaunchPermission grants an account (UserId) or everyone (Group "all") the right to launch an image.
type LaunchPermission struct {
	Group  string `json:"Group,omitempty"`
	UserId string `json:"UserId,omitempty"`
}

// AttributeValue is a string attribute wrapper, as in the API.
type AttributeValue struct {
	Value string `json:"Value"`
}

// AttributeBooleanValue is a boolean attribute wrapper, as in the API.
type AttributeBooleanValue struct {
	Value bool `json:"Value"`
}

// Filter selects resources by a named property; values may use * and ? wildcards.
type Filter struct {
	Name   string   `json:"Name"`
	Values []string `json:"Values"`
}

// TagSpecification tags resources created by a call.
type TagSpecification struct {
	ResourceType string `json:"ResourceType"`
	Tags         []Tag  `json:"Tags"`
}
