package engine

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/netip"
	"strings"
)

// groupRec is a security group.
type groupRec struct {
	SecurityGroup
	Region string `json:"region"`
	Seq    uint64 `json:"seq"`
}

func (g *groupRec) tagList() []Tag { return g.Tags }

// keyRec is a key pair.
type keyRec struct {
	KeyPairInfo
	Owner  string `json:"owner"`
	Region string `json:"region"`
	Seq    uint64 `json:"seq"`
}

func (k *keyRec) tagList() []Tag { return k.Tags }

var allTraffic = []IpPermission{{IpProtocol: "-1", IpRanges: []IpRange{{CidrIp: "0.0.0.0/0"}}, UserIdGroupPairs: []UserIdGroupPair{}}}

func (w *World) createDefaultGroup(account, region, vpc string) {
	g := &groupRec{Region: region, Seq: w.seq()}
	g.SecurityGroup = SecurityGroup{Description: "default VPC security group", GroupName: "default", OwnerId: account,
		GroupId: w.newID(KindSecurityGroup), VpcId: vpc, IpPermissionsEgress: allTraffic}
	g.IpPermissions = []IpPermission{{IpProtocol: "-1", IpRanges: []IpRange{}, UserIdGroupPairs: []UserIdGroupPair{{GroupId: g.GroupId, UserId: account}}}}
	w.s.Groups[g.GroupId] = g
}

func (w *World) group(c Caller, id string) *groupRec {
	if g := w.s.Groups[id]; g != nil && g.OwnerId == c.Account && g.Region == c.Region {
		return g
	}
	return nil
}

func (w *World) groupByName(c Caller, name string) *groupRec {
	for _, g := range w.s.Groups {
		if g.OwnerId == c.Account && g.Region == c.Region && g.GroupName == name {
			return g
		}
	}
	return nil
}

// resolveGroups turns group ids and names into identifiers; none means the default group.
func (w *World) resolveGroups(c Caller, ids, names []string) ([]GroupIdentifier, error) {
	if err := checkIDs(KindSecurityGroup, ids, func(id string) bool { return w.group(c, id) != nil }); err != nil {
		return nil, err
	}
	var out []GroupIdentifier
	for _, id := range ids {
		g := w.group(c, id)
		out = append(out, GroupIdentifier{GroupName: g.GroupName, GroupId: g.GroupId})
	}
	for _, name := range names {
		g := w.groupByName(c, name)
		if g == nil {
			return nil, errf(CodeInvalidGroupNotFound, "The security group '%s' does not exist in default VPC '%s'", name, w.networkFor(c.Account, c.Region).VpcId)
		}
		out = append(out, GroupIdentifier{GroupName: g.GroupName, GroupId: g.GroupId})
	}
	if len(out) == 0 {
		g := w.groupByName(c, "default")
		out = append(out, GroupIdentifier{GroupName: g.GroupName, GroupId: g.GroupId})
	}
	return out, nil
}

// CreateSecurityGroupInput is the request of CreateSecurityGroup.
type CreateSecurityGroupInput struct {
	GroupName         string             `json:"GroupName"`
	Description       string             `json:"Description"`
	VpcId             string             `json:"VpcId"`
	TagSpecifications []TagSpecification `json:"TagSpecifications"`
	DryRun            bool               `json:"DryRun"`
}

// CreateSecurityGroupOutput is the response of CreateSecurityGroup.
type CreateSecurityGroupOutput struct {
	GroupId string `json:"GroupId"`
	Tags    []Tag  `json:"Tags,omitempty"`
}

// CreateSecurityGroup makes a security group in the caller's default VPC. A
// new group allows no inbound traffic and all outbound traffic.
func (w *World) CreateSecurityGroup(c Caller, in *CreateSecurityGroupInput) (*CreateSecurityGroupOutput, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if in.GroupName == "" {
		return nil, missing("GroupName")
	}
	if in.Description == "" {
		return nil, missing("GroupDescription")
	}
	if strings.HasPrefix(strings.ToLower(in.GroupName), "sg-") {
		return nil, errf(CodeInvalidParameterValue, "Group names may not be in the format sg-*.")
	}
	if w.groupByName(c, in.GroupName) != nil {
		return nil, errf(CodeInvalidGroupDuplicate, "The security group '%s' already exists for VPC '%s'", in.GroupName, w.networkFor(c.Account, c.Region).VpcId)
	}
	tags, err := tagsFor(in.TagSpecifications, "security-group")
	if err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}
	g := &groupRec{Region: c.Region, Seq: w.seq()}
	g.SecurityGroup = SecurityGroup{Description: in.Description, GroupName: in.GroupName, IpPermissions: []IpPermission{},
		OwnerId: c.Account, GroupId: w.newID(KindSecurityGroup), IpPermissionsEgress: allTraffic,
		VpcId: w.networkFor(c.Account, c.Region).VpcId, Tags: copyTags(tags["security-group"])}
	w.s.Groups[g.GroupId] = g
	w.index.add(g.GroupId, g.Tags)
	w.log(c.Account, c.Region, "CreateSecurityGroup", g.GroupId, "security group %s (%s) created", g.GroupId, g.GroupName)
	return &CreateSecurityGroupOutput{GroupId: g.GroupId, Tags: copyTags(g.Tags)}, nil
}

// SecurityGroupRuleInput is the request of AuthorizeSecurityGroupIngress and
// RevokeSecurityGroupIngress: either IpPermissions, or the short form
// (IpProtocol, FromPort, ToPort, CidrIp, SourceSecurityGroupName).
type SecurityGroupRuleInput struct {
	GroupId                 string         `json:"GroupId"`
	GroupName               string         `json:"GroupName"`
	IpPermissions           []IpPermission `json:"IpPermissions"`
	IpProtocol              string         `json:"IpProtocol"`
	FromPort                *int           `json:"FromPort"`
	ToPort                  *int           `json:"ToPort"`
	CidrIp                  string         `json:"CidrIp"`
	SourceSecurityGroupName string         `json:"SourceSecurityGroupName"`
	DryRun                  bool           `json:"DryRun"`
}

// SecurityGroupRuleOutput is the response of the ingress calls.
type SecurityGroupRuleOutput struct {
	Return bool `json:"Return"`
}

// AuthorizeSecurityGroupIngress adds inbound rules to a security group.
func (w *World) AuthorizeSecurityGroupIngress(c Caller, in *SecurityGroupRuleInput) (*SecurityGroupRuleOutput, error) {
	return w.changeIngress(c, in, true)
}

// RevokeSecurityGroupIngress removes inbound rules from a security group.
func (w *World) RevokeSecurityGroupIngress(c Caller, in *SecurityGroupRuleInput) (*SecurityGroupRuleOutput, error) {
	return w.changeIngress(c, in, false)
}

func (w *World) changeIngress(c Caller, in *SecurityGroupRuleInput, add bool) (*SecurityGroupRuleOutput, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	var g *groupRec
	switch {
	case in.GroupId != "":
		if err := checkIDs(KindSecurityGroup, []string{in.GroupId}, func(id string) bool { return w.group(c, id) != nil }); err != nil {
			return nil, err
		}
		g = w.group(c, in.GroupId)
	case in.GroupName != "":
		if g = w.groupByName(c, in.GroupName); g == nil {
			return nil, errf(CodeInvalidGroupNotFound, "The security group '%s' does not exist", in.GroupName)
		}
	default:
		return nil, missing("GroupId")
	}
	perms, err := w.normalizeRules(c, in)
	if err != nil {
		return nil, err
	}
	for _, p := range perms {
		for _, rule := range splitRule(p) {
			has := hasRule(g.IpPermissions, rule)
			if add && has {
				return nil, errf(CodeInvalidPermissionDup, "the specified rule \"peer: %s, %s, ALLOW\" already exists", rulePeer(rule), rulePorts(rule))
			}
			if !add && !has {
				return nil, errf(CodeInvalidPermissionMissing, "The specified rule does not exist in this security group.")
			}
		}
	}
	if in.DryRun {
		return nil, errDryRun
	}
	for _, p := range perms {
		for _, rule := range splitRule(p) {
			if add {
				g.IpPermissions = append(g.IpPermissions, rule)
			} else {
				g.IpPermissions = removeRule(g.IpPermissions, rule)
			}
		}
	}
	verb := map[bool]string{true: "allowed", false: "revoked"}[add]
	w.log(c.Account, c.Region, map[bool]string{true: "AuthorizeSecurityGroupIngress", false: "RevokeSecurityGroupIngress"}[add], g.GroupId, "%s %s: %s", g.GroupId, verb, describeRules(perms))
	return &SecurityGroupRuleOutput{Return: true}, nil
}

func (w *World) normalizeRules(c Caller, in *SecurityGroupRuleInput) ([]IpPermission, error) {
	perms := in.IpPermissions
	if len(perms) == 0 {
		if in.IpProtocol == "" {
			return nil, missing("IpPermissions")
		}
		p := IpPermission{IpProtocol: in.IpProtocol, FromPort: in.FromPort, ToPort: in.ToPort}
		if in.CidrIp != "" {
			p.IpRanges = []IpRange{{CidrIp: in.CidrIp}}
		}
		if in.SourceSecurityGroupName != "" {
			src := w.groupByName(c, in.SourceSecurityGroupName)
			if src == nil {
				return nil, errf(CodeInvalidGroupNotFound, "The security group '%s' does not exist", in.SourceSecurityGroupName)
			}
			p.UserIdGroupPairs = []UserIdGroupPair{{GroupId: src.GroupId, UserId: c.Account}}
		}
		perms = []IpPermission{p}
	}
	out := make([]IpPermission, len(perms))
	for i, p := range perms {
		switch p.IpProtocol {
		case "tcp", "udp", "icmp", "-1", "all":
		default:
			return nil, invalidValue(p.IpProtocol, "IpProtocol")
		}
		if p.IpProtocol == "all" {
			p.IpProtocol = "-1"
		}
		if p.IpProtocol == "tcp" || p.IpProtocol == "udp" {
			if p.FromPort == nil || p.ToPort == nil {
				return nil, errf(CodeInvalidParameterValue, "Invalid value for portRange. Must specify both from and to ports with TCP/UDP.")
			}
			if *p.FromPort < 0 || *p.ToPort > 65535 || *p.FromPort > *p.ToPort {
				return nil, errf(CodeInvalidParameterValue, "Invalid value for portRange %d-%d.", *p.FromPort, *p.ToPort)
			}
		}
		for _, r := range p.IpRanges {
			if _, err := netip.ParsePrefix(r.CidrIp); err != nil {
				return nil, errf(CodeInvalidParameterValue, "Value (%s) for parameter cidrIp is invalid. This is not a valid CIDR block.", r.CidrIp)
			}
		}
		pairs := make([]UserIdGroupPair, len(p.UserIdGroupPairs))
		for j, pair := range p.UserIdGroupPairs {
			g := w.group(c, pair.GroupId)
			if pair.GroupId == "" && pair.GroupName != "" {
				g = w.groupByName(c, pair.GroupName)
			}
			if g == nil {
				return nil, notFound(KindSecurityGroup, []string{pair.GroupId + pair.GroupName})
			}
			pairs[j] = UserIdGroupPair{GroupId: g.GroupId, UserId: c.Account}
		}
		p.UserIdGroupPairs = pairs
		if len(p.IpRanges)+len(p.UserIdGroupPairs) == 0 {
			return nil, errf(CodeMissingParameter, "Either a CIDR range or a source security group is required.")
		}
		out[i] = p
	}
	return out, nil
}

// splitRule breaks a permission into one rule per source, the way they are stored.
func splitRule(p IpPermission) []IpPermission {
	var out []IpPermission
	for _, r := range p.IpRanges {
		out = append(out, IpPermission{IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort, IpRanges: []IpRange{r}, UserIdGroupPairs: []UserIdGroupPair{}})
	}
	for _, u := range p.UserIdGroupPairs {
		out = append(out, IpPermission{IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort, IpRanges: []IpRange{}, UserIdGroupPairs: []UserIdGroupPair{u}})
	}
	return out
}

func sameRule(a, b IpPermission) bool {
	return a.IpProtocol == b.IpProtocol && intEq(a.FromPort, b.FromPort) && intEq(a.ToPort, b.ToPort) && rulePeer(a) == rulePeer(b)
}

func intEq(a, b *int) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func hasRule(list []IpPermission, r IpPermission) bool {
	for _, p := range list {
		if sameRule(p, r) {
			return true
		}
	}
	return false
}

func removeRule(list []IpPermission, r IpPermission) []IpPermission {
	out := []IpPermission{}
	for _, p := range list {
		if !sameRule(p, r) {
			out = append(out, p)
		}
	}
	return out
}

func rulePeer(p IpPermission) string {
	if len(p.IpRanges) > 0 {
		return p.IpRanges[0].CidrIp
	}
	if len(p.UserIdGroupPairs) > 0 {
		return p.UserIdGroupPairs[0].GroupId
	}
	return ""
}

func rulePorts(p IpPermission) string {
	proto := strings.ToUpper(p.IpProtocol)
	if p.IpProtocol == "-1" {
		return "ALL"
	}
	if p.FromPort == nil {
		return proto
	}
	return fmt.Sprintf("%s, from port: %d, to port: %d", proto, *p.FromPort, *p.ToPort)
}

func describeRules(perms []IpPermission) string {
	var parts []string
	for _, p := range perms {
		for _, r := range splitRule(p) {
			parts = append(parts, rulePorts(r)+" from "+rulePeer(r))
		}
	}
	return strings.Join(parts, "; ")
}

// Allows reports whether traffic on a TCP port from a source address reaches
// the instance through its security groups. The learner's own address is
// LearnerAddress; traffic between instances in a group that allows its own
// group is matched by source instance id (from may be an instance id).
func (w *World) Allows(instanceID string, port int, from string) bool {
	in := w.s.Instances[instanceID]
	if in == nil {
		return false
	}
	var src netip.Addr
	var srcGroups []GroupIdentifier
	if peer := w.s.Instances[from]; peer != nil {
		src, _ = netip.ParseAddr(peer.PrivateIpAddress)
		srcGroups = peer.SecurityGroups
	} else {
		src, _ = netip.ParseAddr(from)
	}
	for _, gi := range in.SecurityGroups {
		g := w.s.Groups[gi.GroupId]
		if g == nil {
			continue
		}
		for _, p := range g.IpPermissions {
			if p.IpProtocol != "-1" && (p.IpProtocol != "tcp" || p.FromPort == nil || port < *p.FromPort || port > *p.ToPort) {
				continue
			}
			for _, r := range p.IpRanges {
				if pre, err := netip.ParsePrefix(r.CidrIp); err == nil && src.IsValid() && pre.Contains(src) {
					return true
				}
			}
			for _, u := range p.UserIdGroupPairs {
				for _, sg := range srcGroups {
					if sg.GroupId == u.GroupId {
						return true
					}
				}
			}
		}
	}
	return false
}

// LearnerAddress is the public address the learner's browser appears to come from.
const LearnerAddress = "203.0.113.25"

var groupFields = fields[*groupRec]{
	{"group-id", func(g *groupRec) []string { return one(g.GroupId) }},
	{"group-name", func(g *groupRec) []string { return one(g.GroupName) }},
	{"description", func(g *groupRec) []string { return one(g.Description) }},
	{"vpc-id", func(g *groupRec) []string { return one(g.VpcId) }},
	{"owner-id", func(g *groupRec) []string { return one(g.OwnerId) }},
	{"ip-permission.from-port", func(g *groupRec) []string {
		var out []string
		for _, p := range g.IpPermissions {
			if p.FromPort != nil {
				out = append(out, itoa(*p.FromPort)...)
			}
		}
		return out
	}},
	{"ip-permission.cidr", func(g *groupRec) []string {
		var out []string
		for _, p := range g.IpPermissions {
			for _, r := range p.IpRanges {
				out = append(out, r.CidrIp)
			}
		}
		return out
	}},
}

// DescribeSecurityGroupsInput is the request of DescribeSecurityGroups.
type DescribeSecurityGroupsInput struct {
	GroupIds   []string `json:"GroupIds"`
	GroupNames []string `json:"GroupNames"`
	Filters    []Filter `json:"Filters"`
	DryRun     bool     `json:"DryRun"`
}

// DescribeSecurityGroupsOutput is the response of DescribeSecurityGroups.
type DescribeSecurityGroupsOutput struct {
	SecurityGroups []SecurityGroup `json:"SecurityGroups"`
}

// DescribeSecurityGroups lists the caller's security groups in the region.
func (w *World) DescribeSecurityGroups(c Caller, in *DescribeSecurityGroupsInput) (*DescribeSecurityGroupsOutput, error) {
	if err := startDescribe(w, c, groupFields, in.Filters); err != nil {
		return nil, err
	}
	if err := checkIDs(KindSecurityGroup, in.GroupIds, func(id string) bool { return w.group(c, id) != nil }); err != nil {
		return nil, err
	}
	for _, n := range in.GroupNames {
		if w.groupByName(c, n) == nil {
			return nil, errf(CodeInvalidGroupNotFound, "The security group '%s' does not exist in default VPC '%s'", n, w.networkFor(c.Account, c.Region).VpcId)
		}
	}
	if in.DryRun {
		return nil, errDryRun
	}
	var list []*groupRec
	for _, g := range w.s.Groups {
		if g.OwnerId == c.Account && g.Region == c.Region &&
			(len(in.GroupIds) == 0 || contains(in.GroupIds, g.GroupId)) && (len(in.GroupNames) == 0 || contains(in.GroupNames, g.GroupName)) {
			list = append(list, g)
		}
	}
	out := &DescribeSecurityGroupsOutput{SecurityGroups: []SecurityGroup{}}
	for _, g := range sortedBySeq(list, func(g *groupRec) uint64 { return g.Seq }) {
		if matches(groupFields, in.Filters, g) {
			v := g.SecurityGroup
			v.IpPermissions = append([]IpPermission{}, g.IpPermissions...)
			v.Tags = copyTags(g.Tags)
			out.SecurityGroups = append(out.SecurityGroups, v)
		}
	}
	return out, nil
}

// DeleteSecurityGroupInput is the request of DeleteSecurityGroup.
type DeleteSecurityGroupInput struct {
	GroupId   string `json:"GroupId"`
	GroupName string `json:"GroupName"`
	DryRun    bool   `json:"DryRun"`
}

// DeleteSecurityGroupOutput is the (empty) response of DeleteSecurityGroup.
type DeleteSecurityGroupOutput struct{}

// DeleteSecurityGroup deletes a group no instance uses (the default group stays).
func (w *World) DeleteSecurityGroup(c Caller, in *DeleteSecurityGroupInput) (*DeleteSecurityGroupOutput, error) {
	out, err := w.DescribeSecurityGroups(c, &DescribeSecurityGroupsInput{GroupIds: nonEmpty(in.GroupId), GroupNames: nonEmpty(in.GroupName)})
	if err != nil {
		return nil, err
	}
	if len(out.SecurityGroups) != 1 {
		return nil, missing("GroupId")
	}
	g := w.s.Groups[out.SecurityGroups[0].GroupId]
	if g.GroupName == "default" {
		return nil, errf("CannotDelete", "the specified group: \"%s\" name: \"default\" cannot be deleted by a user", g.GroupId)
	}
	for _, id := range w.index.live(c.Account, c.Region) {
		r := w.s.Instances[id]
		if r.State.Name == StateTerminated {
			continue
		}
		for _, sg := range r.SecurityGroups {
			if sg.GroupId == g.GroupId {
				return nil, errf(CodeDependencyViolation, "resource %s has a dependent object", g.GroupId)
			}
		}
	}
	if in.DryRun {
		return nil, errDryRun
	}
	w.index.remove(g.GroupId, g.Tags)
	delete(w.s.Groups, g.GroupId)
	w.log(c.Account, c.Region, "DeleteSecurityGroup", g.GroupId, "security group %s (%s) deleted", g.GroupId, g.GroupName)
	return &DeleteSecurityGroupOutput{}, nil
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func (w *World) keyByName(c Caller, name string) *keyRec {
	for _, k := range w.s.KeyPairs {
		if k.Owner == c.Account && k.Region == c.Region && k.KeyName == name {
			return k
		}
	}
	return nil
}

// CreateKeyPairInput is the request of CreateKeyPair.
type CreateKeyPairInput struct {
	KeyName           string             `json:"KeyName"`
	KeyType           string             `json:"KeyType"`
	KeyFormat         string             `json:"KeyFormat"`
	TagSpecifications []TagSpecification `json:"TagSpecifications"`
	DryRun            bool               `json:"DryRun"`
}

// CreateKeyPairOutput is the response of CreateKeyPair, with the private key
// (shown once, as in EC2).
type CreateKeyPairOutput struct {
	KeyFingerprint string `json:"KeyFingerprint"`
	KeyMaterial    string `json:"KeyMaterial"`
	KeyName        string `json:"KeyName"`
	KeyPairId      string `json:"KeyPairId"`
	Tags           []Tag  `json:"Tags,omitempty"`
}

// CreateKeyPair makes a key pair; EC2 keeps the public key, the caller gets the private one.
func (w *World) CreateKeyPair(c Caller, in *CreateKeyPairInput) (*CreateKeyPairOutput, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if in.KeyName == "" {
		return nil, missing("KeyName")
	}
	if w.keyByName(c, in.KeyName) != nil {
		return nil, errf(CodeInvalidKeyPairDuplicate, "The keypair already exists")
	}
	kt := in.KeyType
	if kt == "" {
		kt = "rsa"
	}
	if kt != "rsa" && kt != "ed25519" {
		return nil, invalidValue(kt, "KeyType")
	}
	tags, err := tagsFor(in.TagSpecifications, "key-pair")
	if err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}
	k := &keyRec{Owner: c.Account, Region: c.Region, Seq: w.seq()}
	secret := fmt.Sprintf("%016x%016x%016x%016x", w.next(), w.next(), w.next(), w.next())
	sum := sha256.Sum256([]byte(secret))
	fp := make([]string, 20)
	for i := range fp {
		fp[i] = fmt.Sprintf("%02x", sum[i])
	}
	k.KeyPairInfo = KeyPairInfo{KeyPairId: w.newID(KindKeyPair), KeyFingerprint: strings.Join(fp, ":"), KeyName: in.KeyName,
		KeyType: kt, CreateTime: Time{w.s.Now}, Tags: copyTags(tags["key-pair"])}
	w.s.KeyPairs[k.KeyPairId] = k
	w.index.add(k.KeyPairId, k.Tags)
	material := "-----BEGIN RSA PRIVATE KEY-----\n" + base64.StdEncoding.EncodeToString([]byte("AMI Lab sandbox key, not a real key: "+secret)) + "\n-----END RSA PRIVATE KEY-----"
	w.log(c.Account, c.Region, "CreateKeyPair", k.KeyPairId, "key pair %s created", in.KeyName)
	return &CreateKeyPairOutput{KeyFingerprint: k.KeyFingerprint, KeyMaterial: material, KeyName: k.KeyName, KeyPairId: k.KeyPairId, Tags: copyTags(k.Tags)}, nil
}

// DescribeKeyPairsInput is the request of DescribeKeyPairs.
type DescribeKeyPairsInput struct {
	KeyNames []string `json:"KeyNames"`
	Filters  []Filter `json:"Filters"`
	DryRun   bool     `json:"DryRun"`
}

// DescribeKeyPairsOutput is the response of DescribeKeyPairs.
type DescribeKeyPairsOutput struct {
	KeyPairs []KeyPairInfo `json:"KeyPairs"`
}

var keyFields = fields[*keyRec]{
	{"key-name", func(k *keyRec) []string { return one(k.KeyName) }},
	{"key-pair-id", func(k *keyRec) []string { return one(k.KeyPairId) }},
	{"fingerprint", func(k *keyRec) []string { return one(k.KeyFingerprint) }},
}

// DescribeKeyPairs lists the caller's key pairs in the region.
func (w *World) DescribeKeyPairs(c Caller, in *DescribeKeyPairsInput) (*DescribeKeyPairsOutput, error) {
	if err := startDescribe(w, c, keyFields, in.Filters); err != nil {
		return nil, err
	}
	for _, n := range in.KeyNames {
		if w.keyByName(c, n) == nil {
			return nil, errf(CodeInvalidKeyPairNotFound, "The key pair '%s' does not exist", n)
		}
	}
	if in.DryRun {
		return nil, errDryRun
	}
	var list []*keyRec
	for _, k := range w.s.KeyPairs {
		if k.Owner == c.Account && k.Region == c.Region && (len(in.KeyNames) == 0 || contains(in.KeyNames, k.KeyName)) {
			list = append(list, k)
		}
	}
	out := &DescribeKeyPairsOutput{KeyPairs: []KeyPairInfo{}}
	for _, k := range sortedBySeq(list, func(k *keyRec) uint64 { return k.Seq }) {
		if matches(keyFields, in.Filters, k) {
			v := k.KeyPairInfo
			v.Tags = copyTags(k.Tags)
			out.KeyPairs = append(out.KeyPairs, v)
		}
	}
	return out, nil
}

// DeleteKeyPairInput is the request of DeleteKeyPair.
type DeleteKeyPairInput struct {
	KeyName   string `json:"KeyName"`
	KeyPairId string `json:"KeyPairId"`
	DryRun    bool   `json:"DryRun"`
}

// DeleteKeyPairOutput is the response of DeleteKeyPair.
type DeleteKeyPairOutput struct {
	Return    bool   `json:"Return"`
	KeyPairId string `json:"KeyPairId,omitempty"`
}

// DeleteKeyPair deletes a key pair; instances launched with it keep running.
// As in EC2, deleting a key that does not exist is not an error.
func (w *World) DeleteKeyPair(c Caller, in *DeleteKeyPairInput) (*DeleteKeyPairOutput, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if in.KeyName == "" && in.KeyPairId == "" {
		return nil, missing("KeyName")
	}
	if in.DryRun {
		return nil, errDryRun
	}
	for id, k := range w.s.KeyPairs {
		if k.Owner == c.Account && k.Region == c.Region && (k.KeyName == in.KeyName || id == in.KeyPairId) {
			w.index.remove(id, k.Tags)
			delete(w.s.KeyPairs, id)
			w.log(c.Account, c.Region, "DeleteKeyPair", id, "key pair %s deleted", k.KeyName)
			return &DeleteKeyPairOutput{Return: true, KeyPairId: id}, nil
		}
	}
	return &DeleteKeyPairOutput{Return: true}, nil
}
