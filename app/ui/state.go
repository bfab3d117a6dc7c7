package ui

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"amilab/content"
	"amilab/content/lesson"
	"amilab/engine"
	"amilab/engine/cli"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// storage is where the sandbox is kept between visits (localStorage in a
// browser, memory elsewhere).
type storage interface {
	get(key string) (string, bool)
	set(key, value string) error
	del(key string)
}

// Keys of the saved sandbox.
const (
	keyWorld      = "amilab/world"
	keyState      = "amilab/state"
	keyUnreadable = "amilab/world-unreadable"
)

// Clock speeds the learner can choose, in virtual seconds per real second.
var speeds = []int{1, 10, 60}

// Limits on what the terminal keeps.
const (
	maxTranscript      = 200
	maxHistory         = 200
	maxSavedOutput     = 64 << 10
	clockTick          = 250 * time.Millisecond
	clockSaveEvery     = 5 * time.Second
	defaultSplitPct    = 42
	minSplit, maxSplit = 20, 80
)

// Kinds of change, so that a component re-renders only for what it shows.
const (
	changeClock     = 1 << iota // the virtual clock moved or the bill changed
	changeWorld                 // resources changed (an action, a transition, a load)
	changeSelection             // table selection, the launch wizard
	changeView                  // tab, region, account, notices, terminal
	changeProgress              // checkpoint results and lesson progress
	changeAll       = changeClock | changeWorld | changeSelection | changeView | changeProgress
)

// termEntry is one command of the terminal transcript and what it printed.
type termEntry struct {
	Line   string
	Output string
	Exit   int
	// Prompt is the instance's prompt of a line run in an ssh session.
	Prompt string `json:",omitempty"`
}

// lessonProgress is what a learner has achieved in one lesson.
type lessonProgress struct {
	// Passed marks the checkpoints that have passed at least once.
	Passed []bool `json:"passed,omitempty"`
	// Tried marks the checkpoints the learner has checked by hand.
	Tried []bool `json:"tried,omitempty"`
}

// savedState is everything but the world that survives a reload.
type savedState struct {
	Version    int                        `json:"version"`
	Profile    string                     `json:"profile"`
	Region     string                     `json:"region"`
	Speed      int                        `json:"speed"`
	Paused     bool                       `json:"paused"`
	Tab        string                     `json:"tab"`
	Last       string                     `json:"last,omitempty"` // the lesson opened last
	Split      int                        `json:"split"`
	Progress   map[string]*lessonProgress `json:"progress"`
	History    []string                   `json:"history"`
	Transcript []termEntry                `json:"transcript"`
}

const stateVersion = 1

// checkResult is the live outcome of one checkpoint.
type checkResult struct {
	OK     bool
	Detail string
	// Pending is set while the check waits for an instance's answer; OK and
	// Detail are then those of the previous evaluation.
	Pending bool
}

// notice is a message about the whole sandbox shown above the panes.
type notice struct {
	Error bool
	Text  string
	// Data, when set, is offered for download (a saved world that could not be read).
	Data string
	// Undo, when set, is a world to go back to (before a reset or an import).
	Undo string
}

// sandbox is the one state the whole app shares across pages: the simulated
// world, the learner's terminal, lesson progress and what the UI shows.
// Every method runs on the UI goroutine.
type sandbox struct {
	store   storage
	world   *engine.World
	term    *cli.Session
	lessons []*lesson.Lesson
	// lessonsErr is set when the course could not be loaded.
	lessonsErr string

	saved savedState

	lessonSlug string
	checks     []checkResult

	selection map[string]map[string]bool
	notice    *notice
	// saveErr is the last failure to save, shown until a save works.
	saveErr string

	draft *launchDraft

	// guests runs the instances' software; it is the world's hooks.
	guests *guestLink
	// post runs a function on the UI goroutine (set when the page mounts).
	post func(fn func())
	// termQueue holds the terminal lines typed but not run yet; the first
	// waits for an instance's answer when termWaiting is set.
	termQueue   []string
	termWaiting bool
	// evalGen counts evaluations of the checkpoints, so that a late answer
	// of an older one is dropped.
	evalGen int
	// shell is the learner's connection to an instance, web the page the
	// browser view shows.
	shell *shellSession
	web   *webView
	// shellHistory holds the lines run in ssh sessions, oldest first.
	shellHistory []string

	subs    map[int]subscriber
	nextSub int

	// rev counts world changes, so that views can keep what they computed
	// from the world until it changes.
	rev uint64
	// unchecked and unsaved are the work a change leaves for settle.
	unchecked, unsaved bool
	sinceSave          time.Duration
	// bill is the caller's bill total as of the last settle.
	bill float64
}

type subscriber struct {
	mask int
	fn   func()
}

var shared *sandbox

// theSandbox returns the app's sandbox, loading it from the browser's storage
// on first use. On the server, where pages are prerendered concurrently and
// nothing is kept, every call gets a fresh sandbox of its own.
func theSandbox() *sandbox {
	if shared != nil {
		return shared
	}
	if app.IsServer {
		return openSandbox(newStorage())
	}
	shared = openSandbox(newStorage())
	return shared
}

// openSandbox loads the sandbox saved in st, or starts a fresh one. A saved
// world that cannot be read is kept aside and reported, never dropped.
func openSandbox(st storage) *sandbox {
	s := &sandbox{store: st, selection: map[string]map[string]bool{}, subs: map[int]subscriber{}}
	s.guests = &guestLink{}
	if newGuestRuntime != nil {
		s.guests.newRuntime = func() guestRuntime { return newGuestRuntime(s.guestsReady) }
	}
	s.lessons, s.lessonsErr = loadLessons()
	s.saved = savedState{Version: stateVersion, Profile: "default", Region: "us-east-1", Speed: 10, Tab: tabInstances, Split: defaultSplitPct}
	if raw, ok := st.get(keyState); ok {
		var saved savedState
		if err := json.Unmarshal([]byte(raw), &saved); err != nil {
			s.notice = &notice{Error: true, Text: "Your saved lesson progress could not be read (" + err.Error() + "); progress starts again."}
		} else {
			s.saved = saved
		}
	}
	s.normalize()

	world := engine.New(engine.Options{})
	if raw, ok := st.get(keyWorld); ok {
		w, err := engine.Load([]byte(raw))
		if err != nil {
			st.set(keyUnreadable, raw)
			st.del(keyWorld)
		} else {
			world = w
		}
	}
	if bad, ok := st.get(keyUnreadable); ok {
		reason := "it is damaged or comes from an incompatible version"
		if _, err := engine.Load([]byte(bad)); err != nil {
			reason = err.Error()
		}
		s.notice = &notice{Error: true, Data: bad,
			Text: "Your saved sandbox could not be loaded: " + reason + ". A fresh sandbox was started; the old data is kept until you dismiss this message, so you can download it."}
	}
	s.setWorld(world)
	return s
}

func loadLessons() ([]*lesson.Lesson, string) {
	ls, err := content.Lessons()
	if err != nil {
		return ls, err.Error()
	}
	return ls, ""
}

// normalize repairs saved settings that are missing or out of range.
func (s *sandbox) normalize() {
	st := &s.saved
	if st.Progress == nil {
		st.Progress = map[string]*lessonProgress{}
	}
	if !slices.Contains(engine.Regions(), st.Region) {
		st.Region = "us-east-1"
	}
	if st.Profile == "" {
		st.Profile = "default"
	}
	if !slices.Contains(speeds, st.Speed) {
		st.Speed = 10
	}
	if !slices.Contains(tabIDs(), st.Tab) {
		st.Tab = tabInstances
	}
	if st.Split < minSplit || st.Split > maxSplit {
		st.Split = defaultSplitPct
	}
	st.Version = stateVersion
}

// setWorld makes w the sandbox's world, with a terminal on it.
func (s *sandbox) setWorld(w *engine.World) {
	s.world = w
	s.term = cli.NewSession(w)
	if _, ok := w.AccountByProfile(s.saved.Profile); !ok {
		s.saved.Profile = "default"
	}
	s.term.Profile, s.term.Region = s.saved.Profile, s.saved.Region
	s.draft = nil
	s.bill = w.Bill(s.caller().Account).Total
	s.worldReplaced()
}

// worldReplaced follows a new world: the guest runtime serves it, and what
// belonged to the old one (selection, connection, browser view, a terminal
// line waiting for an instance and the lines typed after it) is gone.
func (s *sandbox) worldReplaced() {
	s.selection = map[string]map[string]bool{}
	s.guests.attach(s.world)
	s.shell, s.web = nil, nil
	if s.termWaiting {
		s.record(s.termQueue[0], cli.Result{Output: "(interrupted: the sandbox was replaced before the instance answered)\n", ExitCode: 130})
		s.termQueue, s.termWaiting = nil, false
	}
}

// guestsReady is called by the guest runtime, from any goroutine, when it
// has answers to apply.
func (s *sandbox) guestsReady() {
	if post := s.post; post != nil {
		post(s.guestUpdated)
	}
}

// guestUpdated applies the guest runtime's finished runs. They change the
// world (files, a web server's log), so views render again and the sandbox
// is saved; the checkpoints are not evaluated again for it, though: the
// runtime answers in order, so checks asked after a run see what it did,
// and a check's own request must not start another evaluation.
func (s *sandbox) guestUpdated() {
	if s.guests.update(s.world) {
		unchecked := s.unchecked // as the answers left it
		s.changed(changeWorld)
		s.unchecked = unchecked
	}
}

// subscribe calls fn after every change of one of the kinds in mask, until
// the returned function is called.
func (s *sandbox) subscribe(mask int, fn func()) (unsubscribe func()) {
	id := s.nextSub
	s.nextSub++
	s.subs[id] = subscriber{mask: mask, fn: fn}
	return func() { delete(s.subs, id) }
}

// changed records a change and tells the subscribers. Evaluating the
// checkpoints and saving are left to settle, so that the change reaches the
// screen first.
func (s *sandbox) changed(kind int) {
	if kind&changeWorld != 0 {
		s.rev++
		s.unchecked = true
	}
	if kind&(changeWorld|changeView|changeProgress) != 0 {
		s.unsaved = true
	}
	for _, sub := range s.subs {
		if sub.mask&kind != 0 {
			sub.fn()
		}
	}
}

// settle finishes what changes left to do: the open lesson's checkpoints
// are evaluated again after a world change, and the sandbox is saved. The
// clock calls it four times a second, and the page when it is left.
func (s *sandbox) settle() {
	if s.unchecked {
		s.unchecked = false
		before := s.checks
		s.evaluate(-1)
		if !slices.Equal(before, s.checks) {
			s.changed(changeProgress)
		}
	}
	if bill := s.world.Bill(s.caller().Account).Total; bill != s.bill {
		s.bill = bill
		s.changed(changeClock)
	}
	if s.unsaved || s.sinceSave >= clockSaveEvery {
		s.save()
	}
}

// save writes the world and the rest of the state to storage.
func (s *sandbox) save() {
	s.sinceSave, s.unsaved = 0, false
	data, err := s.world.Save()
	if err == nil {
		err = s.store.set(keyWorld, string(data))
	}
	if err == nil {
		var state []byte
		state, err = json.Marshal(s.savedForStorage())
		if err == nil {
			err = s.store.set(keyState, string(state))
		}
	}
	msg := ""
	if err != nil {
		msg = "Your sandbox could not be saved: " + err.Error()
	}
	if msg != s.saveErr {
		s.saveErr = msg
		s.changed(changeView)
	}
}

// savedForStorage is the saved state with the transcript trimmed to a size
// the browser's storage takes comfortably.
func (s *sandbox) savedForStorage() savedState {
	st := s.saved
	total := 0
	keep := len(st.Transcript)
	for keep > 0 && total+len(st.Transcript[keep-1].Output) <= maxSavedOutput {
		total += len(st.Transcript[keep-1].Output)
		keep--
	}
	st.Transcript = st.Transcript[keep:]
	return st
}

// caller is who the sandbox's forms act as: the chosen account and region.
func (s *sandbox) caller() engine.Caller {
	acct, _ := s.world.AccountByProfile(s.saved.Profile)
	return engine.Caller{Account: acct.ID, Region: s.saved.Region}
}

// tick moves the virtual clock by the real time elapsed times the speed,
// then settles.
func (s *sandbox) tick(elapsed time.Duration) {
	if !s.saved.Paused && elapsed > 0 {
		// A sleeping tab catches up by at most a few ticks of real time.
		elapsed = min(elapsed, 4*clockTick)
		s.advance(elapsed * time.Duration(s.saved.Speed))
		s.sinceSave += elapsed
	}
	s.settle()
}

// advance moves the virtual clock; a transition that falls due counts as a
// world change, anything else only as a clock change.
func (s *sandbox) advance(d time.Duration) {
	next, pending := s.world.NextTransition()
	s.world.Advance(d)
	if pending && !next.After(s.world.Now()) {
		s.changed(changeWorld | changeClock)
		return
	}
	s.changed(changeClock)
}

// setPaused pauses or resumes the clock.
func (s *sandbox) setPaused(p bool) {
	s.saved.Paused = p
	s.changed(changeView)
}

// setSpeed chooses how fast the virtual clock runs.
func (s *sandbox) setSpeed(v int) {
	if slices.Contains(speeds, v) {
		s.saved.Speed = v
		s.changed(changeView)
	}
}

// setRegion changes the region the forms and the terminal work in.
func (s *sandbox) setRegion(r string) {
	if !slices.Contains(engine.Regions(), r) {
		return
	}
	s.saved.Region, s.term.Region = r, r
	s.selection = map[string]map[string]bool{}
	s.changed(changeView | changeWorld)
}

// setProfile changes the account the forms and the terminal act as.
func (s *sandbox) setProfile(p string) {
	if _, ok := s.world.AccountByProfile(p); !ok {
		return
	}
	s.saved.Profile, s.term.Profile = p, p
	s.selection = map[string]map[string]bool{}
	s.changed(changeView | changeWorld)
}

// setTab shows one of the sandbox's tabs.
func (s *sandbox) setTab(t string) {
	if slices.Contains(tabIDs(), t) && t != s.saved.Tab {
		s.saved.Tab = t
		s.changed(changeView)
	}
}

// setSplit remembers the width of the lesson pane, in percent.
func (s *sandbox) setSplit(pct int) {
	s.saved.Split = min(max(pct, minSplit), maxSplit)
	s.changed(changeView)
}

// do sends requests to the engine as the current caller and records the
// change (a request that fails part way may have changed the world too).
func (s *sandbox) do(requests func(w *engine.World, c engine.Caller) error) error {
	err := requests(s.world, s.caller())
	s.changed(changeWorld)
	return err
}

// run runs a command line in the terminal and keeps it in the transcript.
func (s *sandbox) run(line string) {
	s.runAll([]string{line})
}

// runBlock runs the commands of a lesson's run block in the terminal, and
// shows the terminal.
func (s *sandbox) runBlock(lines []string) {
	s.saved.Tab = tabTerminal
	s.runAll(lines)
}

// runAll runs command lines in the terminal, in order: a line that waits
// for an instance's answer (sandbox exec, sandbox http) holds back the
// lines after it until the answer is in the transcript.
func (s *sandbox) runAll(lines []string) {
	for _, l := range lines {
		l = strings.TrimSpace(l)
		s.termQueue = append(s.termQueue, l)
		if l != "" && (len(s.saved.History) == 0 || s.saved.History[len(s.saved.History)-1] != l) {
			s.saved.History = appendBounded(s.saved.History, l, maxHistory)
		}
	}
	s.runQueued()
	s.changed(changeWorld | changeView)
}

// runQueued runs the queued terminal lines until one has to wait for an
// instance's answer.
func (s *sandbox) runQueued() {
	for len(s.termQueue) > 0 && !s.termWaiting {
		line := s.termQueue[0]
		var res cli.Result
		answered := s.guests.replay(s.world, func() { res = s.term.Run(line) }, func() {
			waited := s.termWaiting
			s.termQueue, s.termWaiting = s.termQueue[1:], false
			s.record(line, res)
			if waited {
				s.runQueued()
				s.changed(changeWorld | changeView)
			}
		})
		s.termWaiting = !answered
	}
}

// record keeps a line the terminal ran, and follows what it changed: the
// world (sandbox reset replaces it), the profile and the region.
func (s *sandbox) record(line string, res cli.Result) {
	if s.term.World != s.world {
		s.world = s.term.World
		s.worldReplaced()
	}
	s.saved.Profile, s.saved.Region = s.term.Profile, s.term.Region
	s.saved.Transcript = appendBounded(s.saved.Transcript, termEntry{Line: line, Output: res.Output, Exit: res.ExitCode}, maxTranscript)
}

// clearTranscript empties the terminal screen (the history stays).
func (s *sandbox) clearTranscript() {
	s.saved.Transcript = nil
	s.changed(changeView)
}

// reset starts a fresh world; the old one can be brought back with Undo.
func (s *sandbox) reset() {
	old, _ := s.world.Save()
	s.setWorld(engine.New(s.world.Options()))
	s.notice = &notice{Text: "The sandbox was reset to a fresh world.", Undo: string(old)}
	s.changed(changeAll)
}

// importWorld replaces the world with a saved one. A file that cannot be
// loaded changes nothing and is reported.
func (s *sandbox) importWorld(name, data string) {
	w, err := engine.Load([]byte(data))
	if err != nil {
		s.notice = &notice{Error: true, Text: "Could not import " + name + ": " + err.Error() + ". Your current sandbox is unchanged."}
		s.changed(changeView)
		return
	}
	old, _ := s.world.Save()
	s.setWorld(w)
	s.notice = &notice{Text: "Imported " + name + ".", Undo: string(old)}
	s.changed(changeAll)
}

// exportWorld returns the world as JSON and a file name for it.
func (s *sandbox) exportWorld() (name, data string, err error) {
	b, err := s.world.Save()
	if err != nil {
		return "", "", err
	}
	stamp := s.world.Now().UTC().Format("20060102T1504")
	return "amilab-sandbox-" + stamp + ".json", string(b), nil
}

// undo brings back the world a reset or an import replaced.
func (s *sandbox) undo() {
	if s.notice == nil || s.notice.Undo == "" {
		return
	}
	w, err := engine.Load([]byte(s.notice.Undo))
	if err != nil {
		s.notice = &notice{Error: true, Text: "Could not go back: " + err.Error()}
		s.changed(changeView)
		return
	}
	s.setWorld(w)
	s.notice = &notice{Text: "The previous sandbox is back."}
	s.changed(changeAll)
}

// dismiss closes the notice; an unreadable saved world it offered is dropped.
func (s *sandbox) dismiss() {
	if s.notice != nil && s.notice.Data != "" {
		s.store.del(keyUnreadable)
	}
	s.notice = nil
	s.changed(changeView)
}

// selected returns the selected keys of a table, in the order of keys.
func (s *sandbox) selected(table string, keys []string) []string {
	var out []string
	for _, k := range keys {
		if s.selection[table][k] {
			out = append(out, k)
		}
	}
	return out
}

// isSelected reports whether a table's row is selected.
func (s *sandbox) isSelected(table, key string) bool { return s.selection[table][key] }

// toggle selects or unselects one row; only selects it (and unselects the
// others) when only is set.
func (s *sandbox) toggle(table, key string, only bool) {
	m := s.selection[table]
	if m == nil || only {
		m = map[string]bool{}
		s.selection[table] = m
	}
	if m[key] && !only {
		delete(m, key)
	} else {
		m[key] = true
	}
	s.changed(changeSelection)
}

// selectAll selects every key of a table, or none when all are selected.
func (s *sandbox) selectAll(table string, keys []string) {
	all := len(keys) > 0
	for _, k := range keys {
		all = all && s.selection[table][k]
	}
	m := map[string]bool{}
	if !all {
		for _, k := range keys {
			m[k] = true
		}
	}
	s.selection[table] = m
	s.changed(changeSelection)
}

// lesson finds a lesson by slug.
func (s *sandbox) lesson(slug string) (*lesson.Lesson, int) {
	for i, l := range s.lessons {
		if l.Slug == slug {
			return l, i
		}
	}
	return nil, -1
}

// progress returns (creating it) the progress record of a lesson.
func (s *sandbox) progress(l *lesson.Lesson) *lessonProgress {
	p := s.saved.Progress[l.Slug]
	if p == nil {
		p = &lessonProgress{}
		s.saved.Progress[l.Slug] = p
	}
	for len(p.Passed) < len(l.Checks) {
		p.Passed = append(p.Passed, false)
	}
	for len(p.Tried) < len(l.Checks) {
		p.Tried = append(p.Tried, false)
	}
	return p
}

// passedCount is how many of a lesson's checkpoints have passed at least once.
func (s *sandbox) passedCount(l *lesson.Lesson) int {
	p := s.saved.Progress[l.Slug]
	n := 0
	if p != nil {
		for i, ok := range p.Passed {
			if ok && i < len(l.Checks) {
				n++
			}
		}
	}
	return n
}

// openLesson makes slug the lesson whose checkpoints are evaluated live.
func (s *sandbox) openLesson(slug string) {
	if slug == s.lessonSlug && s.checks != nil {
		return
	}
	s.lessonSlug, s.checks = slug, nil
	if l, _ := s.lesson(slug); l != nil {
		s.saved.Last = slug
		s.evaluate(-1)
		s.changed(changeProgress)
	}
}

// evaluate runs the checkpoints of the open lesson against the world, as a
// fresh terminal (learner, default region) would. tried, when >= 0, is a
// checkpoint the learner checked by hand. A check of what instances run
// waits for their answers: it keeps its previous result, marked pending,
// until they are in.
func (s *sandbox) evaluate(tried int) {
	l, _ := s.lesson(s.lessonSlug)
	if l == nil {
		s.checks = nil
		return
	}
	p := s.progress(l)
	term := cli.NewSession(s.world)
	run := func(line string) (string, int) {
		res := term.Run(line)
		return res.Output, res.ExitCode
	}
	s.evalGen++
	gen, prev := s.evalGen, s.checks
	s.checks = make([]checkResult, len(l.Checks))
	for i, c := range l.Checks {
		var ok, waited bool
		var detail string
		answered := s.guests.replay(s.world, func() { ok, detail = c.Run(run) }, func() {
			if s.evalGen != gen {
				return
			}
			s.checks[i] = checkResult{OK: ok, Detail: detail}
			if ok {
				p.Passed[i] = true
			}
			if waited {
				s.changed(changeProgress)
			}
		})
		if !answered {
			waited = true
			if i < len(prev) {
				s.checks[i] = prev[i]
			}
			s.checks[i].Pending = true
		}
	}
	if tried >= 0 && tried < len(p.Tried) {
		p.Tried[tried] = true
	}
}

// check evaluates a lesson's checkpoints when the learner asks for it.
func (s *sandbox) check(n int) {
	s.evaluate(n)
	s.changed(changeProgress)
}

// errorParts splits an engine error into its code and message.
func errorParts(err error) (code, msg string) {
	if ee, ok := errors.AsType[*engine.Error](err); ok {
		return ee.Code, ee.Message
	}
	return "", err.Error()
}

func appendBounded[T any](list []T, v T, limit int) []T {
	list = append(list, v)
	if len(list) > limit {
		list = append([]T(nil), list[len(list)-limit:]...)
	}
	return list
}

// skipToNext moves the clock to the next scheduled transition, if any.
func (s *sandbox) skipToNext() {
	if next, ok := s.world.NextTransition(); ok {
		s.advance(next.Sub(s.world.Now()))
	}
}

// notify shows a message about the whole sandbox.
func (s *sandbox) notify(isErr bool, text string) {
	s.notice = &notice{Error: isErr, Text: text}
	s.changed(changeView)
}
