package engine

import (
	"bytes"
	"container/heap"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"amilab/engine/vfs"
)

const (
	saveFormat  = "amilab-world"
	saveVersion = 1
)

// treeTable stores every distinct file tree once; resources refer to them by index.
type treeTable struct {
	Data []map[string]string `json:"data"`
	Refs map[string]int      `json:"refs"` // vol-…, snap-…, ami-… or i-…/device → index in Data
}

// Save serialises the whole world as versioned JSON.
func (w *World) Save() ([]byte, error) {
	t := &treeTable{Refs: map[string]int{}}
	seen := map[vfs.Tree]int{}
	add := func(ref string, tree vfs.Tree) {
		i, ok := seen[tree]
		if !ok {
			i = len(t.Data)
			seen[tree] = i
			t.Data = append(t.Data, encodeTree(tree))
		}
		t.Refs[ref] = i
	}
	w.eachTree(func(ref string, tree *vfs.Tree) { add(ref, *tree) })
	w.s.Trees = t
	defer func() { w.s.Trees = nil }()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(w.s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// eachTree visits every file tree of the world with a stable reference name, in a stable order.
func (w *World) eachTree(fn func(ref string, tree *vfs.Tree)) {
	for _, id := range sortedMapKeys(w.s.Images) {
		if im := w.s.Images[id]; im.RootDeviceType == "instance-store" {
			fn(id, &im.Bundle)
		}
	}
	for _, id := range sortedMapKeys(w.s.Snapshots) {
		fn(id, &w.s.Snapshots[id].Tree)
	}
	for _, id := range sortedMapKeys(w.s.Volumes) {
		fn(id, &w.s.Volumes[id].Tree)
	}
	for _, id := range sortedMapKeys(w.s.Instances) {
		for _, d := range w.s.Instances[id].Store {
			fn(id+"/"+d.Device, &d.Tree)
		}
	}
}

func encodeTree(t vfs.Tree) map[string]string {
	out := map[string]string{}
	for p, data := range t.Files() {
		switch {
		case data == nil:
			out[p] = "d"
		case utf8.Valid(data):
			out[p] = "f" + string(data)
		default:
			out[p] = "b" + base64.StdEncoding.EncodeToString(data)
		}
	}
	return out
}

func decodeTree(m map[string]string) (vfs.Tree, error) {
	files := make(map[string][]byte, len(m))
	for p, v := range m {
		if !strings.HasPrefix(p, "/") || v == "" {
			return vfs.Tree{}, fmt.Errorf("bad file entry %q", p)
		}
		switch v[0] {
		case 'd':
			files[p] = nil
		case 'f':
			files[p] = []byte(v[1:])
		case 'b':
			b, err := base64.StdEncoding.DecodeString(v[1:])
			if err != nil {
				return vfs.Tree{}, fmt.Errorf("bad file entry %q: %v", p, err)
			}
			files[p] = b
		default:
			return vfs.Tree{}, fmt.Errorf("bad file entry %q", p)
		}
	}
	return vfs.FromFiles(files)
}

// LoadError explains why a saved world was refused.
type LoadError struct{ Reason string }

// Error says that the saved world cannot be loaded, and why.
func (e *LoadError) Error() string { return "cannot load the saved world: " + e.Reason }

func loadErr(format string, args ...any) error {
	return &LoadError{Reason: fmt.Sprintf(format, args...)}
}

// maxSave bounds the size of a document Load accepts.
const maxSave = 64 << 20

// Load reads a world written by Save. It refuses a corrupted document or one
// from a newer version with a *LoadError; nothing else is changed either way.
func Load(data []byte) (*World, error) {
	if len(data) > maxSave {
		return nil, loadErr("the document is larger than %d MiB", maxSave>>20)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, loadErr("it is not valid JSON (%v)", err)
	}
	if head.Format != saveFormat {
		return nil, loadErr("it is not an AMI Lab world (format %q)", head.Format)
	}
	if head.Version > saveVersion {
		return nil, loadErr("it was saved by a newer AMI Lab (version %d; this one reads up to %d)", head.Version, saveVersion)
	}
	if head.Version < 1 {
		return nil, loadErr("unknown version %d", head.Version)
	}
	s := &state{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(s); err != nil {
		return nil, loadErr("it is damaged (%v)", err)
	}
	w := &World{s: s, index: newIndex()}
	if err := w.validate(); err != nil {
		return nil, loadErr("%v", err)
	}
	if err := w.restoreTrees(); err != nil {
		return nil, loadErr("%v", err)
	}
	w.rebuildIndex()
	heap.Init(&w.s.Tasks)
	return w, nil
}

func (w *World) restoreTrees() error {
	t := w.s.Trees
	w.s.Trees = nil
	if t == nil {
		return fmt.Errorf("the file trees are missing")
	}
	trees := make([]vfs.Tree, len(t.Data))
	for i, m := range t.Data {
		tree, err := decodeTree(m)
		if err != nil {
			return err
		}
		trees[i] = tree
	}
	var err error
	used := 0
	w.eachTree(func(ref string, tree *vfs.Tree) {
		i, ok := t.Refs[ref]
		if !ok || i < 0 || i >= len(trees) {
			if err == nil {
				err = fmt.Errorf("the data of %s is missing", ref)
			}
			return
		}
		used++
		*tree = trees[i]
	})
	if err == nil && used != len(t.Refs) {
		err = fmt.Errorf("the file trees refer to resources that do not exist")
	}
	return err
}

// validate checks the invariants a saved world must hold.
func (w *World) validate() error {
	s := w.s
	if s.Now.Before(s.Start) {
		return fmt.Errorf("its clock is before its start")
	}
	if len(s.Accounts) == 0 || s.Instances == nil || s.Images == nil || s.Volumes == nil || s.Snapshots == nil ||
		s.Groups == nil || s.KeyPairs == nil || s.Networks == nil || s.Used == nil || s.Subscriptions == nil {
		return fmt.Errorf("a part of the world is missing")
	}
	idOK := func(kind, id string) error {
		if !WellFormed(kind, id) || !s.Used[id] {
			return fmt.Errorf("bad id %q", id)
		}
		return nil
	}
	for id, in := range s.Instances {
		if id != in.InstanceId || w.account(in.Owner) == nil || !knownRegion(in.Region) {
			return fmt.Errorf("instance %q is inconsistent", id)
		}
		if err := idOK(KindInstance, id); err != nil {
			return err
		}
		if code, ok := StateCodes[in.State.Name]; !ok || code != in.State.Code {
			return fmt.Errorf("instance %s has an unknown state", id)
		}
		if _, ok := instanceTypes[in.InstanceType]; !ok {
			return fmt.Errorf("instance %s has an unknown type", id)
		}
		if s.Images[in.ImageId] == nil {
			return fmt.Errorf("instance %s refers to a missing image", id)
		}
		for _, b := range in.BlockDeviceMappings {
			if b.Ebs == nil {
				return fmt.Errorf("instance %s has a device without a volume", id)
			}
			if v := s.Volumes[b.Ebs.VolumeId]; b.Ebs.Status == "attached" && (v == nil || len(v.Attachments) == 0 || v.Attachments[0].InstanceId != id) {
				return fmt.Errorf("instance %s refers to a volume that is not attached to it", id)
			}
		}
		for _, g := range in.SecurityGroups {
			if s.Groups[g.GroupId] == nil && in.State.Name != StateTerminated {
				return fmt.Errorf("instance %s refers to a missing security group", id)
			}
		}
	}
	for id, v := range s.Volumes {
		if id != v.VolumeId || w.account(v.Owner) == nil || !knownRegion(v.Region) {
			return fmt.Errorf("volume %q is inconsistent", id)
		}
		for _, a := range v.Attachments {
			if in := s.Instances[a.InstanceId]; in == nil {
				return fmt.Errorf("volume %s is attached to a missing instance", id)
			}
		}
	}
	for id, im := range s.Images {
		if id != im.ImageId || w.account(im.Owner) == nil || !knownRegion(im.Region) {
			return fmt.Errorf("image %q is inconsistent", id)
		}
		for _, m := range im.BlockDeviceMappings {
			if m.Ebs != nil && m.Ebs.SnapshotId != "" && s.Snapshots[m.Ebs.SnapshotId] == nil && im.State != "deregistered" {
				return fmt.Errorf("image %s refers to a missing snapshot", id)
			}
		}
	}
	for id, sn := range s.Snapshots {
		if id != sn.SnapshotId || w.account(sn.OwnerId) == nil || !knownRegion(sn.Region) {
			return fmt.Errorf("snapshot %q is inconsistent", id)
		}
	}
	for id, g := range s.Groups {
		if id != g.GroupId || w.account(g.OwnerId) == nil || !knownRegion(g.Region) {
			return fmt.Errorf("security group %q is inconsistent", id)
		}
	}
	for id, k := range s.KeyPairs {
		if id != k.KeyPairId || w.account(k.Owner) == nil {
			return fmt.Errorf("key pair %q is inconsistent", id)
		}
	}
	for _, t := range s.Tasks {
		if t == nil || !contains([]string{taskInstance, taskInstanceGone, taskImage, taskSnapshot}, t.Kind) {
			return fmt.Errorf("a scheduled transition is unknown")
		}
		if t.At.Before(s.Now) {
			return fmt.Errorf("a scheduled transition is in the past")
		}
	}
	return nil
}

func (w *World) rebuildIndex() {
	x := w.index
	ids := sortedMapKeys(w.s.Instances)
	sort.Strings(ids)
	for _, id := range ids {
		in := w.s.Instances[id]
		x.add(id, in.Tags)
		x.addImage(in.ImageId, id)
		x.own(in.Owner, in.Region, id)
		if usesQuota(in.State.Name) {
			x.vcpus[in.Owner+"/"+in.Region] += instanceTypes[in.InstanceType].VCPU
		}
	}
	for id, im := range w.s.Images {
		if im.State != "deregistered" {
			x.add(id, im.Tags)
			x.nameImage(im.Owner, im.Region, im.Name, id)
		}
	}
	for id, v := range w.s.Volumes {
		x.add(id, v.Tags)
	}
	for id, sn := range w.s.Snapshots {
		x.add(id, sn.Tags)
	}
	for id, g := range w.s.Groups {
		x.add(id, g.Tags)
	}
	for id, k := range w.s.KeyPairs {
		x.add(id, k.Tags)
	}
}
