package engine

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// FuzzLoad feeds Load damaged and hostile documents: it must refuse them with
// a *LoadError or load a world that saves back to an equivalent document.
func FuzzLoad(f *testing.F) {
	w := New(Options{})
	id := launch(f, w, al2023, "m5d.large", 1)[0]
	w.Advance(time.Minute)
	w.CreateImage(learner, &CreateImageInput{InstanceId: id, Name: "seed-image"})
	good, _ := w.Save()
	f.Add(good)
	f.Add([]byte(`{"format":"amilab-world","version":1}`))
	f.Add([]byte(`{"format":"amilab-world","version":99}`))
	f.Add([]byte(`not json`))
	f.Add(bytes.Replace(good, []byte(`"running"`), []byte(`"flying"`), 1))
	f.Add(good[:len(good)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := Load(data)
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		again, err := w.Save()
		if err != nil {
			t.Fatal(err)
		}
		w2, err := Load(again)
		if err != nil {
			t.Fatalf("a loaded world does not load back: %v", err)
		}
		third, _ := w2.Save()
		if !bytes.Equal(again, third) {
			t.Fatal("save → load → save is not stable")
		}
		w2.Advance(time.Hour) // a loaded world keeps working
	})
}

func TestLoadRejectsFutureAndDamagedWorlds(t *testing.T) {
	good, _ := New(Options{}).Save()
	cases := map[string][]byte{
		"future version": bytes.Replace(good, []byte(`"version":1`), []byte(`"version":2`), 1),
		"other format":   bytes.Replace(good, []byte(`"amilab-world"`), []byte(`"something"`), 1),
		"truncated":      good[:len(good)-10],
		"unknown field":  bytes.Replace(good, []byte(`"seed":`), []byte(`"bogus":1,"seed":`), 1),
		"empty":          {},
	}
	for name, doc := range cases {
		if _, err := Load(doc); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
	if _, err := Load(good); err != nil {
		t.Fatal(err)
	}
}
