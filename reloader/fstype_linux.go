package reloader

import "syscall"

// eventless returns the name of the file system dir is on when that file
// system does not deliver inotify events for changes made elsewhere (a
// network share, a VM's shared folder, WSL's Windows drives), else "".
func eventless(dir string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return ""
	}
	return eventlessType(int64(st.Type))
}

// eventlessType names the file systems, by statfs magic number, that
// deliver no inotify events for changes made by other machines or by the
// host of a VM.
func eventlessType(magic int64) string {
	switch magic {
	case 0x6969:
		return "NFS"
	case 0x517b:
		return "SMB"
	case 0xff534d42:
		return "CIFS"
	case 0xfe534d42:
		return "SMB2"
	case 0x01021997:
		return "9p (WSL's Windows drives, VM shared folders)"
	case 0x65735546:
		return "FUSE"
	case 0x786f4256:
		return "VirtualBox shared folder"
	case 0x5346414f:
		return "AFS"
	case 0x73757245:
		return "Coda"
	}
	return ""
}
