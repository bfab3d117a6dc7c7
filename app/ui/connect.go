package ui

import (
	"strconv"
	"strings"

	"amilab/engine"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// exitSSH is ssh's exit status when it cannot reach the instance.
const exitSSH = 255

// shellSession is the learner's ssh connection to an instance (Connect).
type shellSession struct {
	ID string
	// Banner is what connecting printed: the instance's login banner, or
	// ssh's error.
	Banner string
	// Entries are the lines run, with their prompts and output.
	Entries []termEntry
	// Prompt is the instance's prompt for the next line.
	Prompt string
	// Running is the line the instance is running, if any.
	Running string
	Waiting bool
	// Closed is set once the learner logged out or ssh could not connect.
	Closed bool
	// Error is ssh's error when it could not connect or lost the connection.
	Error string
}

// webView is the page the sandbox's browser view shows.
type webView struct {
	ID      string
	URL     string // http://<public DNS>/path, as the address bar shows it
	Path    string
	Loading bool
	Status  int    // 0: no server answered
	Body    string // the page, or why it could not be reached
}

// connect opens an ssh session on an instance: the instance prints its
// banner, or ssh its error (a security group that does not let port 22
// through from the learner's address makes the connection time out).
func (s *sandbox) connect(id string) {
	sh := &shellSession{ID: id, Waiting: true}
	s.shell = sh
	s.guests.execAsync(s.world, id, "", func(out string, code int) {
		if !sshFailed(out, code) {
			sh.Banner = out
		}
		s.shellAnswer(sh, out, code)
	})
	s.changed(changeView)
}

// shellRun runs a line in the open session. A line typed while the
// previous one runs is refused (the learner keeps it in the input).
func (s *sandbox) shellRun(line string) bool {
	sh := s.shell
	if sh == nil || sh.Waiting || sh.Closed {
		return false
	}
	sh.Waiting, sh.Running = true, line
	if h := s.shellHistory; line != "" && (len(h) == 0 || h[len(h)-1] != line) {
		s.shellHistory = appendBounded(h, line, maxHistory)
	}
	prompt := sh.Prompt
	s.guests.execAsync(s.world, sh.ID, line, func(out string, code int) {
		sh.Entries = appendBounded(sh.Entries, termEntry{Line: line, Output: out, Exit: code, Prompt: prompt}, maxTranscript)
		s.shellAnswer(sh, out, code)
	})
	s.changed(changeView)
	return true
}

// shellAnswer follows the session after the instance answered: ssh's own
// errors and a logout ("Connection to … closed.") end it.
func (s *sandbox) shellAnswer(sh *shellSession, out string, code int) {
	sh.Waiting, sh.Running = false, ""
	if s.shell != sh {
		return // closed meanwhile
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	last := lines[len(lines)-1]
	if sshFailed(out, code) {
		sh.Error = strings.TrimSpace(out)
	}
	sh.Closed = sh.Error != "" || (strings.HasPrefix(last, "Connection to ") && strings.HasSuffix(last, " closed."))
	if !sh.Closed {
		sh.Prompt = s.guests.prompt(s.world, sh.ID)
	}
	s.changed(changeWorld | changeView)
}

// shellFocus is where the keyboard goes once a session opens: its command
// line, or "Connect again" when ssh failed at once.
func (s *sandbox) shellFocus() string {
	if s.shell != nil && s.shell.Closed {
		return "shell-reconnect"
	}
	return shellInput
}

// sshFailed reports whether ssh itself failed (rather than a command).
func sshFailed(out string, code int) bool {
	return code == exitSSH && strings.HasPrefix(out, "ssh: ")
}

// disconnect closes the session.
func (s *sandbox) disconnect() {
	s.shell = nil
	s.changed(changeView)
}

// browse shows in the browser view what http://<public DNS><path> of an
// instance returns to the learner's browser.
func (s *sandbox) browse(id, path string) {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	host := id
	if in, ok := s.world.InstanceView(s.caller(), id); ok && in.PublicDnsName != "" {
		host = in.PublicDnsName
	}
	v := &webView{ID: id, URL: "http://" + host + path, Path: path, Loading: true}
	s.web = v
	s.guests.httpAsync(s.world, id, path, func(status int, body string) {
		if s.web != v {
			return
		}
		v.Loading, v.Status, v.Body = false, status, body
		s.changed(changeWorld | changeView)
	})
	s.changed(changeView)
}

// closeBrowser closes the browser view.
func (s *sandbox) closeBrowser() {
	s.web = nil
	s.changed(changeView)
}

const shellInput = "shell-input"

// ShellPanel is the terminal of the learner's ssh session on an instance,
// opened by Connect: the instance's banner and prompt, and every line run
// on it.
type ShellPanel struct {
	liveCompo
	ctx     app.Context
	input   string
	histPos int
	open    *shellSession // the session last seen open
}

func (p *ShellPanel) watches() int { return changeView }

// OnMount follows the session and keeps its end in view.
func (p *ShellPanel) OnMount(ctx app.Context) {
	p.ctx = ctx
	p.histPos = len(p.sb.shellHistory)
	p.unsub = p.sb.subscribe(changeView, p.follow)
}

// follow renders the session again and keeps its end in view. When the
// session ends, its command line goes away: the keyboard focus, if it was
// there, moves to "Connect again" rather than being lost.
func (p *ShellPanel) follow() {
	p.Update()
	sh := p.sb.shell
	ended := sh != nil && sh.Closed && p.open == sh
	p.open = nil
	if sh != nil && !sh.Closed {
		p.open = sh
	}
	p.ctx.Defer(func(app.Context) {
		if s := app.Window().GetElementByID("shell-screen"); s.Truthy() {
			s.Set("scrollTop", s.Get("scrollHeight"))
		}
		doc := app.Window().Get("document")
		active, panel := doc.Get("activeElement"), app.Window().GetElementByID("shell")
		inPanel := !active.Truthy() || active.Equal(doc.Get("body")) || (panel.Truthy() && panel.Call("contains", active).Bool())
		if b := app.Window().GetElementByID("shell-reconnect"); ended && inPanel && b.Truthy() {
			b.Call("focus")
		}
	})
}

// Render draws the session.
func (p *ShellPanel) Render() app.UI {
	sh := p.sb.shell
	if sh == nil {
		return app.Elem("div")
	}
	status := "Connected"
	switch {
	case sh.Closed && sh.Banner == "":
		status = "Could not connect"
	case sh.Closed:
		status = "Disconnected"
	case sh.Waiting && len(sh.Entries) == 0:
		status = "Connecting…"
	}
	var running app.UI
	if sh.Waiting && len(sh.Entries) > 0 {
		running = el("div", "entry running", textEl("pre", "cmd", sh.Prompt+" "+sh.Running))
	}
	return panel("shell", "Session on "+sh.ID+" (ec2-user, ssh) · "+status,
		app.If(sh.Error != "", app.Elem("p").ID("shell-error").Class("alert error").Role("alert").Text(
			sh.Error+". ssh reaches an instance only while it runs and its security group lets TCP port 22 in from your address, "+engine.LearnerAddress+".")),
		app.If(sh.Banner != "" || sh.Waiting, el("div", "terminal shell",
			app.Elem("div").
				ID("shell-screen").
				Class("screen").
				Role("log").
				TabIndex(0).
				Aria("label", "Output of the session on "+sh.ID).
				Aria("busy", sh.Waiting).
				Body(
					app.If(sh.Banner != "", app.Elem("pre").ID("shell-banner").Class("out").Text(sh.Banner)),
					app.Range(sh.Entries).Slice(func(i int) app.UI {
						e := sh.Entries[i]
						return &TermEntry{Prompt: e.Prompt, Line: e.Line, Output: e.Output, Exit: e.Exit}
					}),
					running,
				),
			app.If(!sh.Closed,
				app.Elem("form").OnSubmit(p.onSubmit).Body(
					app.Elem("label").Class("prompt").Attr("for", shellInput).Text(sh.Prompt),
					app.ElemSelfClosing("input").
						ID(shellInput).
						Aria("label", "Command line on "+sh.ID).
						Attr("type", "text").
						Attr("autocomplete", false).
						Spellcheck(false).
						Attr("autocapitalize", "off").
						Attr("placeholder", "uname -a").
						OnInput(p.onInput).
						OnKeyDown(p.onKey),
					app.Elem("button").ID("shell-run").Attr("type", "submit").Text("Run"),
				),
			),
		)),
		el("div", "actions",
			app.If(sh.Closed, button("shell-reconnect", "Connect again", p.onReconnect)),
			button("shell-close", "Close session", p.onClose),
		),
	)
}

func (p *ShellPanel) onInput(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	p.input = valueOf(ctx)
}

func (p *ShellPanel) onSubmit(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	e.PreventDefault()
	if p.sb.shellRun(p.input) {
		p.setInput("")
		p.histPos = len(p.sb.shellHistory)
	}
}

// onKey walks the history of the lines run on instances with the up and
// down arrows.
func (p *ShellPanel) onKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	step := map[string]int{"ArrowUp": -1, "ArrowDown": 1}[e.Get("key").String()]
	if step != 0 {
		e.PreventDefault()
		var line string
		p.histPos, line = recallLine(p.sb.shellHistory, p.histPos, step)
		p.setInput(line)
	}
}

// setInput replaces the text of the command line.
func (p *ShellPanel) setInput(v string) {
	p.input = v
	setInputValue(shellInput, v)
}

func (p *ShellPanel) onReconnect(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	p.sb.connect(p.sb.shell.ID)
	focusLater(ctx, p.sb.shellFocus())
}

func (p *ShellPanel) onClose(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	p.sb.disconnect()
	focusLater(ctx, "action-connect")
}

const browserPath = "browser-path"

// BrowserPanel is the sandbox's web browser: what an instance's web server
// returns to the learner's browser at http://<public DNS>/, or the error
// page a browser shows when nothing answers.
type BrowserPanel struct {
	liveCompo
	path string
}

func (p *BrowserPanel) watches() int { return changeView }

// Render draws the browser view.
func (p *BrowserPanel) Render() app.UI {
	v := p.sb.web
	if v == nil {
		return app.Elem("div")
	}
	var page app.UI
	switch {
	case v.Loading:
		page = textEl("p", "loading", "Loading "+v.URL+" …")
	case v.Status == 0:
		lines := strings.Split(strings.TrimSpace(v.Body), "\n")
		page = app.Elem("div").ID("browser-error").Class("browser-error").Role("alert").Body(
			textEl("h4", "", lines[0]),
			app.Range(lines[1:]).Slice(func(i int) app.UI { return textEl("p", "", lines[1+i]) }),
		)
	default:
		// The page is the learner's own HTML: shown in a sandboxed frame,
		// without scripts and apart from the app.
		page = el("div", "",
			app.Elem("p").ID("browser-status").Class("type-info").Text("HTTP "+strconv.Itoa(v.Status)),
			app.Elem("iframe").ID("browser-page").Class("browser-page").Attr("sandbox", "").Attr("srcdoc", v.Body).Title("Page at "+v.URL),
		)
	}
	return panel("browser", "Browser",
		app.Elem("form").Class("address").OnSubmit(p.onGo).Body(
			app.Elem("label").Attr("for", browserPath).Text(strings.TrimSuffix(v.URL, v.Path)),
			app.ElemSelfClosing("input").ID(browserPath).Attr("type", "text").Attr("value", v.Path).Aria("label", "Path on the instance's web server").
				Spellcheck(false).Attr("autocapitalize", "off").OnInput(p.onInput),
			app.Elem("button").ID("browser-go").Attr("type", "submit").Text("Reload"),
			button("browser-close", "Close", p.onClose),
		),
		app.Elem("div").ID("browser-view").Class("browser-view").TabIndex(-1).Aria("live", "polite").Aria("busy", v.Loading).DataSet("url", v.URL).Body(page),
	)
}

func (p *BrowserPanel) onInput(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	p.path = valueOf(ctx)
}

func (p *BrowserPanel) onGo(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	e.PreventDefault()
	path := p.path
	if path == "" {
		path = p.sb.web.Path
	}
	p.sb.browse(p.sb.web.ID, path)
}

func (p *BrowserPanel) onClose(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	p.sb.closeBrowser()
	focusLater(ctx, "action-browse")
}
