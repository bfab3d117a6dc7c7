package engine

import (
	"fmt"
	"regexp"
	"strings"
)

// Resource kinds and the prefix of their ids.
const (
	KindInstance      = "i"
	KindImage         = "ami"
	KindVolume        = "vol"
	KindSnapshot      = "snap"
	KindReservation   = "r"
	KindSecurityGroup = "sg"
	KindKeyPair       = "key"
	KindVpc           = "vpc"
	KindSubnet        = "subnet"
)

var idPattern = regexp.MustCompile(`^([a-z]+)-([0-9a-f]{8}|[0-9a-f]{17})$`)

// WellFormed reports whether id has the shape of an id of the given kind:
// the prefix, a dash and 8 or 17 lowercase hex digits.
func WellFormed(kind, id string) bool {
	m := idPattern.FindStringSubmatch(id)
	return m != nil && m[1] == kind
}

// KindOf returns the kind prefix of a well-formed id, or "".
func KindOf(id string) string {
	if m := idPattern.FindStringSubmatch(id); m != nil {
		return m[1]
	}
	return ""
}

// rng is splitmix64: small, fast and good enough for ids and addresses.
func (w *World) next() uint64 {
	w.s.Counter++
	z := uint64(w.s.Seed) + w.s.Counter*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// newID returns a fresh, never used id of the given kind.
func (w *World) newID(kind string) string {
	for {
		hex := fmt.Sprintf("%016x%x", w.next(), w.next()&0xf)
		id := kind + "-0" + hex[1:17]
		if !w.s.Used[id] {
			if w.s.Used == nil {
				w.s.Used = map[string]bool{}
			}
			w.s.Used[id] = true
			return id
		}
	}
}

func malformed(kind, id string) *Error {
	code := map[string]string{
		KindInstance: "InvalidInstanceID.Malformed", KindImage: "InvalidAMIID.Malformed",
		KindVolume: "InvalidVolumeID.Malformed", KindSnapshot: "InvalidSnapshotID.Malformed",
		KindSecurityGroup: "InvalidGroupId.Malformed", KindReservation: "InvalidReservationID.Malformed",
	}[kind]
	return errf(code, "Invalid id: \"%s\" (expecting \"%s-...\")", id, kind)
}

func notFound(kind string, ids []string) *Error {
	q := "'" + strings.Join(ids, ", ") + "'"
	plural := len(ids) > 1
	switch kind {
	case KindInstance:
		if plural {
			return errf("InvalidInstanceID.NotFound", "The instance IDs %s do not exist", q)
		}
		return errf("InvalidInstanceID.NotFound", "The instance ID %s does not exist", q)
	case KindImage:
		return errf("InvalidAMIID.NotFound", "The image id '[%s]' does not exist", strings.Join(ids, ", "))
	case KindVolume:
		return errf("InvalidVolume.NotFound", "The volume %s does not exist.", q)
	case KindSnapshot:
		return errf("InvalidSnapshot.NotFound", "The snapshot %s does not exist.", q)
	case KindSecurityGroup:
		return errf(CodeInvalidGroupNotFound, "The security group %s does not exist", q)
	}
	return errf(CodeInvalidParameterValue, "The id %s does not exist", q)
}

// checkIDs validates the shape of every id, then reports all that are absent
// (exists returns false), as EC2 does: one bad id fails the whole request.
func checkIDs(kind string, ids []string, exists func(string) bool) error {
	for _, id := range ids {
		if !WellFormed(kind, id) {
			return malformed(kind, id)
		}
	}
	var absent []string
	for _, id := range ids {
		if !exists(id) {
			absent = append(absent, id)
		}
	}
	if len(absent) > 0 {
		return notFound(kind, absent)
	}
	return nil
}
