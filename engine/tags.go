package engine

import "strings"

func copyTags(t []Tag) []Tag {
	if len(t) == 0 {
		return nil
	}
	return append([]Tag(nil), t...)
}

// tagsFor splits tag specifications by resource type, accepting only the given types.
func tagsFor(specs []TagSpecification, allowed ...string) (map[string][]Tag, error) {
	out := map[string][]Tag{}
	for _, s := range specs {
		if !contains(allowed, s.ResourceType) {
			return nil, errf(CodeInvalidParameterValue, "'%s' is not a valid taggable resource type for this operation.", s.ResourceType)
		}
		for _, t := range s.Tags {
			if err := checkTag(t); err != nil {
				return nil, err
			}
		}
		out[s.ResourceType] = mergeTags(out[s.ResourceType], s.Tags)
	}
	return out, nil
}

func checkTag(t Tag) error {
	if t.Key == "" {
		return errf(CodeInvalidParameterValue, "Tag keys cannot be empty.")
	}
	if strings.HasPrefix(strings.ToLower(t.Key), "aws:") {
		return errf(CodeInvalidParameterValue, "Tag keys starting with 'aws:' are reserved for internal use")
	}
	if len(t.Key) > 128 || len(t.Value) > 256 {
		return errf(CodeInvalidParameterValue, "Tag keys are limited to 128 characters and values to 256.")
	}
	return nil
}

// mergeTags sets each new tag, replacing the value of an existing key.
func mergeTags(have, add []Tag) []Tag {
	out := append([]Tag(nil), have...)
	for _, t := range add {
		replaced := false
		for i := range out {
			if out[i].Key == t.Key {
				out[i].Value, replaced = t.Value, true
			}
		}
		if !replaced {
			out = append(out, t)
		}
	}
	return out
}

// tagsOf returns a pointer to the tag list of any taggable resource the caller owns, and its type.
func (w *World) tagsOf(c Caller, id string) (*[]Tag, string) {
	switch KindOf(id) {
	case KindInstance:
		if r := w.instance(c, id); r != nil {
			return &r.Tags, "instance"
		}
	case KindImage:
		if im := w.s.Images[id]; im != nil && im.Owner == c.Account && im.Region == c.Region && im.State != "deregistered" {
			return &im.Tags, "image"
		}
	case KindVolume:
		if v := w.s.Volumes[id]; v != nil && v.Owner == c.Account && v.Region == c.Region {
			return &v.Tags, "volume"
		}
	case KindSnapshot:
		if s := w.s.Snapshots[id]; s != nil && s.OwnerId == c.Account && s.Region == c.Region {
			return &s.Tags, "snapshot"
		}
	case KindSecurityGroup:
		if g := w.group(c, id); g != nil {
			return &g.Tags, "security-group"
		}
	case KindKeyPair:
		if k := w.s.KeyPairs[id]; k != nil && k.Owner == c.Account && k.Region == c.Region {
			return &k.Tags, "key-pair"
		}
	}
	return nil, ""
}

// CreateTagsInput is the request of CreateTags (and DeleteTags).
type CreateTagsInput struct {
	Resources []string `json:"Resources"`
	Tags      []Tag    `json:"Tags"`
	DryRun    bool     `json:"DryRun"`
}

// CreateTagsOutput is the (empty) response of CreateTags and DeleteTags.
type CreateTagsOutput struct{}

func (w *World) taggable(c Caller, ids []string) ([]*[]Tag, error) {
	if err := w.check(c); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, missing("ResourceId")
	}
	out := make([]*[]Tag, len(ids))
	for i, id := range ids {
		kind := KindOf(id)
		if kind == "" {
			return nil, errf(CodeInvalidParameterValue, "Invalid id: \"%s\"", id)
		}
		tags, _ := w.tagsOf(c, id)
		if tags == nil {
			return nil, notFound(kind, []string{id})
		}
		out[i] = tags
	}
	return out, nil
}

// CreateTags adds or overwrites tags on resources the caller owns.
func (w *World) CreateTags(c Caller, in *CreateTagsInput) (*CreateTagsOutput, error) {
	lists, err := w.taggable(c, in.Resources)
	if err != nil {
		return nil, err
	}
	if len(in.Tags) == 0 {
		return nil, missing("Tag")
	}
	for _, t := range in.Tags {
		if err := checkTag(t); err != nil {
			return nil, err
		}
	}
	if in.DryRun {
		return nil, errDryRun
	}
	for i, l := range lists {
		w.index.remove(in.Resources[i], *l)
		*l = mergeTags(*l, in.Tags)
		w.index.add(in.Resources[i], *l)
		w.log(c.Account, c.Region, "CreateTags", in.Resources[i], "tagged %s", in.Resources[i])
	}
	return &CreateTagsOutput{}, nil
}

// DeleteTags removes tags; a tag given with a value is removed only if the value matches.
func (w *World) DeleteTags(c Caller, in *CreateTagsInput) (*CreateTagsOutput, error) {
	lists, err := w.taggable(c, in.Resources)
	if err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}
	for i, l := range lists {
		w.index.remove(in.Resources[i], *l)
		var kept []Tag
		for _, t := range *l {
			drop := len(in.Tags) == 0
			for _, d := range in.Tags {
				drop = drop || (d.Key == t.Key && (d.Value == "" || d.Value == t.Value))
			}
			if !drop {
				kept = append(kept, t)
			}
		}
		*l = kept
		w.index.add(in.Resources[i], *l)
	}
	return &CreateTagsOutput{}, nil
}

// TagDescription is one tag of one resource.
type TagDescription struct {
	Key          string `json:"Key"`
	ResourceId   string `json:"ResourceId"`
	ResourceType string `json:"ResourceType"`
	Value        string `json:"Value"`
}

func (t TagDescription) tagList() []Tag { return []Tag{{Key: t.Key, Value: t.Value}} }

var tagFields = fields[TagDescription]{
	{"key", func(t TagDescription) []string { return one(t.Key) }},
	{"value", func(t TagDescription) []string { return one(t.Value) }},
	{"resource-id", func(t TagDescription) []string { return one(t.ResourceId) }},
	{"resource-type", func(t TagDescription) []string { return one(t.ResourceType) }},
}

// DescribeTagsInput is the request of DescribeTags.
type DescribeTagsInput struct {
	Filters []Filter `json:"Filters"`
	DryRun  bool     `json:"DryRun"`
}

// DescribeTagsOutput is the response of DescribeTags.
type DescribeTagsOutput struct {
	Tags []TagDescription `json:"Tags"`
}

// DescribeTags lists the tags of the caller's resources in the region.
func (w *World) DescribeTags(c Caller, in *DescribeTagsInput) (*DescribeTagsOutput, error) {
	if err := startDescribe(w, c, tagFields, in.Filters); err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, errDryRun
	}
	out := &DescribeTagsOutput{Tags: []TagDescription{}}
	for _, key := range sortedMapKeys(w.index.tags) {
		for _, value := range sortedMapKeys(w.index.tags[key]) {
			for _, id := range sortedKeys(w.index.tags[key][value]) {
				if _, typ := w.tagsOf(c, id); typ != "" {
					d := TagDescription{Key: key, ResourceId: id, ResourceType: typ, Value: value}
					if matches(tagFields, in.Filters, d) {
						out.Tags = append(out.Tags, d)
					}
				}
			}
		}
	}
	return out, nil
}

func sortedMapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}
