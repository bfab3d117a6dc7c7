package engine

import (
	"sort"
	"time"
)

// Charge is one line of the bill.
type Charge struct {
	Account  string    `json:"Account"`
	Kind     string    `json:"Kind"` // instance, software, volume, snapshot
	Resource string    `json:"Resource"`
	Detail   string    `json:"Detail"` // instance type, or volume type and size
	Start    time.Time `json:"Start"`
	End      time.Time `json:"End"`
	Seconds  int64     `json:"Seconds"` // billed seconds (instances: at least the minimum)
	Rate     float64   `json:"Rate"`    // USD per hour, or per GB-month for storage
	Cost     float64   `json:"Cost"`    // USD
	Open     bool      `json:"Open"`    // still accruing
}

// Bill is an account's charges so far, line by line.
type Bill struct {
	Lines []Charge
	Total float64
}

func (w *World) beginRun(in *instanceRec) {
	now := w.s.Now
	in.RunStart = &now
	in.RunRate = instanceTypes[in.InstanceType].PricePerHour
}

// runCharges are the lines for one stretch of running, up to end.
func (in *instanceRec) runCharges(end time.Time, open bool) []Charge {
	if in.RunStart == nil {
		return nil
	}
	secs := int64(end.Sub(*in.RunStart) / time.Second)
	if secs < int64(MinimumBilled/time.Second) {
		secs = int64(MinimumBilled / time.Second)
	}
	c := Charge{Account: in.Owner, Kind: "instance", Resource: in.InstanceId, Detail: in.InstanceType,
		Start: *in.RunStart, End: end, Seconds: secs, Rate: in.RunRate, Cost: in.RunRate * float64(secs) / 3600, Open: open}
	out := []Charge{c}
	if in.Surcharge > 0 {
		s := c
		s.Kind, s.Detail, s.Rate, s.Cost = "software", "Marketplace software", in.Surcharge, in.Surcharge*float64(secs)/3600
		out = append(out, s)
	}
	return out
}

func (w *World) endRun(in *instanceRec) {
	w.s.Charges = append(w.s.Charges, in.runCharges(w.s.Now, false)...)
	in.RunStart = nil
}

func storageCharge(account, kind, id, detail string, sizeGB int, rate float64, start, end time.Time, open bool) Charge {
	secs := int64(end.Sub(start) / time.Second)
	return Charge{Account: account, Kind: kind, Resource: id, Detail: detail, Start: start, End: end, Seconds: secs,
		Rate: rate, Cost: float64(sizeGB) * rate * float64(secs) / (hoursPerMonth * 3600), Open: open}
}

func (w *World) volumeCharge(v *volumeRec, open bool) Charge {
	return storageCharge(v.Owner, "volume", v.VolumeId, v.VolumeType+" "+itoa(v.Size)[0]+" GiB", v.Size, volumePrice[v.VolumeType], v.CreateTime.Time, w.s.Now, open)
}

func (w *World) snapshotCharge(s *snapshotRec, open bool) Charge {
	return storageCharge(s.OwnerId, "snapshot", s.SnapshotId, itoa(s.VolumeSize)[0]+" GiB", s.VolumeSize, snapshotPricePerGBMonth, s.StartTime.Time, w.s.Now, open)
}

// chargeVolume closes a volume's storage line when it is deleted.
func (w *World) chargeVolume(v *volumeRec, closing bool) {
	if closing {
		w.s.Charges = append(w.s.Charges, w.volumeCharge(v, false))
	}
}

// chargeSnapshot closes a snapshot's storage line when it is deleted.
func (w *World) chargeSnapshot(s *snapshotRec, closing bool) {
	if closing && w.billable(s.OwnerId) {
		w.s.Charges = append(w.s.Charges, w.snapshotCharge(s, false))
	}
}

// billable reports whether an account gets a bill (the provider's and the
// vendor's catalogue storage is not charged to anyone).
func (w *World) billable(account string) bool {
	a := w.account(account)
	return a != nil && a.Alias == ""
}

// Bill returns an account's charges up to now: closed lines first, then the
// open ones (running instances, existing volumes and snapshots).
func (w *World) Bill(account string) Bill {
	var b Bill
	for _, c := range w.s.Charges {
		if c.Account == account {
			b.Lines = append(b.Lines, c)
		}
	}
	var open []Charge
	for _, id := range sortedMapKeys(w.s.Instances) {
		if in := w.s.Instances[id]; in.Owner == account {
			open = append(open, in.runCharges(w.s.Now, true)...)
		}
	}
	for _, id := range sortedMapKeys(w.s.Volumes) {
		if v := w.s.Volumes[id]; v.Owner == account {
			open = append(open, w.volumeCharge(v, true))
		}
	}
	if w.billable(account) {
		for _, id := range sortedMapKeys(w.s.Snapshots) {
			if s := w.s.Snapshots[id]; s.OwnerId == account {
				open = append(open, w.snapshotCharge(s, true))
			}
		}
	}
	sort.SliceStable(open, func(i, j int) bool { return open[i].Start.Before(open[j].Start) })
	b.Lines = append(b.Lines, open...)
	for _, l := range b.Lines {
		b.Total += l.Cost
	}
	return b
}
