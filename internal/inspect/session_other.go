//go:build !(linux && (amd64 || arm64))

package inspect

import (
	"time"

	"github.com/devserve/devserve/debugpage"
)

// supported returns ErrUnsupported: sessions do not work here.
func supported() error { return ErrUnsupported }

// session is an attachment to a process, which cannot be made here.
type session struct{}

func warm(path string) {}

func attach(pid int) (*session, error) { return nil, ErrUnsupported }

func (s *session) resume() error { return nil }

func (s *session) detach() error { return nil }

func (s *session) frames(gid int64, max int, lim Limits, deadline time.Time) ([]debugpage.FrameVars, error) {
	return nil, ErrUnsupported
}

func (s *session) eval(gid int64, depth int, expr string, lim Limits) (debugpage.Var, error) {
	return debugpage.Var{}, ErrUnsupported
}
