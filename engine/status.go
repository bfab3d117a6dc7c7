package engine

import "time"

// InstanceStatusDetail is one named check result.
type InstanceStatusDetail struct {
	Name   string `json:"Name"`
	Status string `json:"Status"`
}

// InstanceStatusSummary is the outcome of a group of status checks.
type InstanceStatusSummary struct {
	Details []InstanceStatusDetail `json:"Details"`
	Status  string                 `json:"Status"`
}

// InstanceStatus is what DescribeInstanceStatus reports about an instance.
type InstanceStatus struct {
	AvailabilityZone string                `json:"AvailabilityZone"`
	InstanceId       string                `json:"InstanceId"`
	InstanceState    InstanceState         `json:"InstanceState"`
	InstanceStatus   InstanceStatusSummary `json:"InstanceStatus"`
	SystemStatus     InstanceStatusSummary `json:"SystemStatus"`
}

// DescribeInstanceStatusInput is the request of DescribeInstanceStatus.
type DescribeInstanceStatusInput struct {
	InstanceIds         []string `json:"InstanceIds"`
	Filters             []Filter `json:"Filters"`
	IncludeAllInstances bool     `json:"IncludeAllInstances"`
	DryRun              bool     `json:"DryRun"`
}

// DescribeInstanceStatusOutput is the response of DescribeInstanceStatus.
type DescribeInstanceStatusOutput struct {
	InstanceStatuses []InstanceStatus `json:"InstanceStatuses"`
}

// StatusChecksAfter is how long after reaching running an instance's status
// checks pass; before that they are "initializing".
const StatusChecksAfter = 2 * time.Minute

func (w *World) instanceStatus(in *instanceRec) InstanceStatus {
	s := InstanceStatus{AvailabilityZone: in.Placement.AvailabilityZone, InstanceId: in.InstanceId, InstanceState: in.State}
	status := "not-applicable"
	if in.State.Name == StateRunning {
		status = "initializing"
		if in.RunStart != nil && w.s.Now.Sub(*in.RunStart) >= StatusChecksAfter {
			status = "ok"
		}
	}
	s.InstanceStatus = InstanceStatusSummary{Details: []InstanceStatusDetail{{Name: "reachability", Status: detailStatus(status)}}, Status: status}
	s.SystemStatus = InstanceStatusSummary{Details: []InstanceStatusDetail{{Name: "reachability", Status: detailStatus(status)}}, Status: status}
	return s
}

func detailStatus(status string) string {
	if status == "ok" {
		return "passed"
	}
	return status
}

var statusFields = fields[*instanceRec]{
	{"instance-state-name", instanceStateName},
	{"instance-state-code", instanceStateCode},
	{"availability-zone", instanceZone},
	{"instance-status.status", func(r *instanceRec) []string { return nil }},
	{"system-status.status", func(r *instanceRec) []string { return nil }},
}

// DescribeInstanceStatus reports the status checks of the caller's instances:
// only running ones unless IncludeAllInstances. Checks pass a couple of
// minutes after an instance reaches running.
func (w *World) DescribeInstanceStatus(c Caller, in *DescribeInstanceStatusInput) (*DescribeInstanceStatusOutput, error) {
	if err := startDescribe(w, c, statusFields, in.Filters); err != nil {
		return nil, err
	}
	var recs []*instanceRec
	if len(in.InstanceIds) > 0 {
		r, err := w.ownInstances(c, in.InstanceIds)
		if err != nil {
			return nil, err
		}
		recs = r
	} else {
		for _, id := range w.index.live(c.Account, c.Region) {
			recs = append(recs, w.s.Instances[id])
		}
	}
	if in.DryRun {
		return nil, errDryRun
	}
	out := &DescribeInstanceStatusOutput{InstanceStatuses: []InstanceStatus{}}
	for _, r := range sortedBySeq(recs, func(r *instanceRec) uint64 { return r.Seq }) {
		if r.State.Name != StateRunning && !in.IncludeAllInstances {
			continue
		}
		st := w.instanceStatus(r)
		if statusMatches(in.Filters, r, st) {
			out.InstanceStatuses = append(out.InstanceStatuses, st)
		}
	}
	return out, nil
}

// statusMatches applies the filters, the status ones against the computed checks.
func statusMatches(filters []Filter, r *instanceRec, st InstanceStatus) bool {
	for _, f := range filters {
		var have []string
		switch f.Name {
		case "instance-status.status":
			have = one(st.InstanceStatus.Status)
		case "system-status.status":
			have = one(st.SystemStatus.Status)
		default:
			have = filterValues(statusFields, f.Name, r)
		}
		if !anyMatch(have, f.Values) {
			return false
		}
	}
	return true
}
