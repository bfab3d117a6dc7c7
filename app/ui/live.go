package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// liveCompo is embedded by every component that shows part of the sandbox.
// It gives the component the shared sandbox and re-renders it after the
// kinds of change it watches (all of them unless it has a watches method).
type liveCompo struct {
	app.Compo
	sb    *sandbox
	unsub func()
}

// watcher is a component that re-renders only after some kinds of change.
type watcher interface{ watches() int }

// OnInit attaches the component to the shared sandbox.
func (l *liveCompo) OnInit() { l.sb = theSandbox() }

// OnMount subscribes the component to the changes it shows.
func (l *liveCompo) OnMount(ctx app.Context) {
	mask := changeAll
	if w, ok := ctx.Src().(watcher); ok {
		mask = w.watches()
	}
	l.unsub = l.sb.subscribe(mask, l.Update)
}

// OnDismount stops following the sandbox.
func (l *liveCompo) OnDismount() {
	if l.unsub != nil {
		l.unsub()
		l.unsub = nil
	}
}
