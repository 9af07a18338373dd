package reloader

import (
	"errors"
	"syscall"
)

// watchLimitHint explains an inotify error that has a known remedy.
func watchLimitHint(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return " (the inotify watch limit is reached: raise fs.inotify.max_user_watches)"
	case errors.Is(err, syscall.EMFILE):
		return " (the inotify instance limit is reached: raise fs.inotify.max_user_instances)"
	}
	return ""
}
