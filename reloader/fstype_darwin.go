package reloader

import "syscall"

// eventless returns the name of the file system dir is on when that file
// system does not deliver FSEvents/kqueue events for changes made
// elsewhere (a network share, a FUSE mount), else "".
func eventless(dir string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return ""
	}
	b := make([]byte, 0, len(st.Fstypename))
	for _, c := range st.Fstypename {
		if c == 0 {
			break
		}
		b = append(b, byte(c))
	}
	return eventlessName(string(b))
}

// eventlessName names the file systems, by statfs type name, that
// deliver no events for changes made by other machines.
func eventlessName(fstype string) string {
	switch fstype {
	case "nfs":
		return "NFS"
	case "smbfs":
		return "SMB"
	case "afpfs":
		return "AFP"
	case "webdav":
		return "WebDAV"
	case "osxfuse", "macfuse", "fusefs":
		return "FUSE"
	case "vboxsf":
		return "VirtualBox shared folder"
	}
	return ""
}
