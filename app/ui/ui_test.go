package ui

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// fresh installs a fresh sandbox over empty storage as the app's sandbox.
func fresh(t *testing.T) *sandbox {
	t.Helper()
	shared = openSandbox(newStorage())
	t.Cleanup(func() { shared = nil })
	return shared
}

// mount mounts a component as a browser would and returns its dispatcher.
func mount(t *testing.T, c app.UI) app.ClientDispatcher {
	t.Helper()
	d := app.NewClientTester(c)
	t.Cleanup(d.Close)
	return d
}

func TestCheckpointShowsHintAfterFailedCheck(t *testing.T) {
	sb := fresh(t)
	l := sb.lessons[0]
	pane := &LessonPane{Mode: modeLesson, Slug: l.Slug}
	d := mount(t, pane)
	sb.openLesson(l.Slug)
	d.Consume()
	sb.check(1)
	d.Consume()
	html := app.HTMLString(pane)
	if got := tagOf(html, ` id="check-1"`); !strings.Contains(got, `data-state="fail"`) {
		t.Errorf("checkpoint 1 is not failed: %s", got)
	}
	if !strings.Contains(html, `data-testid="check-1-hint"`) {
		t.Errorf("checkpoint 1 shows no hint")
	}
	if got := tagOf(html, ` id="check-0"`); !strings.Contains(got, `data-state="todo"`) {
		t.Errorf("checkpoint 0, never checked by hand, is not neutral: %s", got)
	}
}

// tagOf returns the opening tag that contains attr.
func tagOf(html, attr string) string {
	i := strings.Index(html, attr)
	if i < 0 {
		return ""
	}
	start := strings.LastIndexByte(html[:i], '<')
	end := strings.IndexByte(html[i:], '>')
	return html[start : i+end+1]
}
