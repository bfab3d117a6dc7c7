package engine

import "sort"

// index holds derived lookups that keep calls fast in a large world. It is
// rebuilt from the state on Load and never saved.
type index struct {
	tags   map[string]map[string]map[string]bool // tag key → value → resource ids
	images map[string]map[string]bool            // image id → instance ids
	owned  map[string]map[string]bool            // account/region → instance ids
	vcpus  map[string]int                        // account/region → vCPUs pending or running
	names  map[string]string                     // account/region/name → id of a registered image
}

func newIndex() index {
	return index{tags: map[string]map[string]map[string]bool{}, images: map[string]map[string]bool{},
		owned: map[string]map[string]bool{}, vcpus: map[string]int{}, names: map[string]string{}}
}

func addTo[K comparable](m map[K]map[string]bool, k K, id string) {
	if m[k] == nil {
		m[k] = map[string]bool{}
	}
	m[k][id] = true
}

func (x index) add(id string, tags []Tag) {
	for _, t := range tags {
		if x.tags[t.Key] == nil {
			x.tags[t.Key] = map[string]map[string]bool{}
		}
		addTo(x.tags[t.Key], t.Value, id)
	}
}

func (x index) remove(id string, tags []Tag) {
	for _, t := range tags {
		delete(x.tags[t.Key][t.Value], id)
	}
}

func (x index) addImage(image, instance string)    { addTo(x.images, image, instance) }
func (x index) removeImage(image, instance string) { delete(x.images[image], instance) }

// tagged returns the ids carrying tag key=value.
func (x index) tagged(key, value string) map[string]bool { return x.tags[key][value] }

// launchedFrom returns the ids of the instances launched from an image.
func (x index) launchedFrom(image string) map[string]bool { return x.images[image] }

func (x index) own(account, region, id string) { addTo(x.owned, account+"/"+region, id) }

func (x index) forget(account, region, id string) { delete(x.owned[account+"/"+region], id) }

// live returns the ids of an account's listed instances in a region.
func (x index) live(account, region string) []string {
	set := x.owned[account+"/"+region]
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func imageKey(account, region, name string) string { return account + "/" + region + "/" + name }

// imageNamed returns the id of an account's registered image with that name in a region.
func (x index) imageNamed(account, region, name string) string {
	return x.names[imageKey(account, region, name)]
}

func (x index) nameImage(account, region, name, id string) {
	x.names[imageKey(account, region, name)] = id
}

func (x index) unnameImage(account, region, name string) {
	delete(x.names, imageKey(account, region, name))
}
