package job

import (
	"encoding/json"

	"amilab/engine/vfs"
)

// Encode writes a job as JSON, file trees included.
func Encode(j Job) ([]byte, error) {
	j.Machine = withFiles(j.Machine)
	peers := make([]Machine, len(j.Peers))
	for i, p := range j.Peers {
		peers[i] = withFiles(p)
	}
	j.Peers = peers
	return json.Marshal(j)
}

func withFiles(m Machine) Machine {
	disks := make([]Disk, len(m.Disks))
	for i, d := range m.Disks {
		d.Files = d.Tree.Files()
		disks[i] = d
	}
	m.Disks = disks
	return m
}

// Decode reads a job written by Encode.
func Decode(data []byte) (Job, error) {
	var j Job
	if err := json.Unmarshal(data, &j); err != nil {
		return Job{}, err
	}
	if err := treesOf(&j.Machine); err != nil {
		return Job{}, err
	}
	for i := range j.Peers {
		if err := treesOf(&j.Peers[i]); err != nil {
			return Job{}, err
		}
	}
	return j, nil
}

func treesOf(m *Machine) error {
	for i := range m.Disks {
		t, err := vfs.FromFiles(m.Disks[i].Files)
		if err != nil {
			return err
		}
		m.Disks[i].Tree, m.Disks[i].Files = t, nil
	}
	return nil
}

// EncodeResult writes a result as JSON, changed trees included.
func EncodeResult(r Result) ([]byte, error) {
	if len(r.Trees) > 0 {
		r.Files = map[string]map[string][]byte{}
		for dev, t := range r.Trees {
			r.Files[dev] = t.Files()
		}
	}
	return json.Marshal(r)
}

// DecodeResult reads a result written by EncodeResult.
func DecodeResult(data []byte) (Result, error) {
	var r Result
	if err := json.Unmarshal(data, &r); err != nil {
		return Result{}, err
	}
	if len(r.Files) > 0 {
		r.Trees = map[string]vfs.Tree{}
		for dev, files := range r.Files {
			t, err := vfs.FromFiles(files)
			if err != nil {
				return Result{}, err
			}
			r.Trees[dev] = t
		}
		r.Files = nil
	}
	return r, nil
}
