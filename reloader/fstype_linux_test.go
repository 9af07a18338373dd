package reloader

import "testing"

func TestEventlessType(t *testing.T) {
	tests := []struct {
		magic int64
		want  string
	}{
		{0x6969, "NFS"},
		{0xff534d42, "CIFS"},
		{0xfe534d42, "SMB2"},
		{0x01021997, "9p (WSL's Windows drives, VM shared folders)"},
		{0x65735546, "FUSE"},
		{0x786f4256, "VirtualBox shared folder"},
		{0xef53, ""},     // ext4
		{0x01021994, ""}, // tmpfs
		{0x794c7630, ""}, // overlayfs
	}
	for _, tt := range tests {
		if got := eventlessType(tt.magic); got != tt.want {
			t.Errorf("eventlessType(%#x) = %q, want %q", tt.magic, got, tt.want)
		}
	}
}

// TestEventlessLocal checks that a local directory is watched with
// events: its file system delivers them.
func TestEventlessLocal(t *testing.T) {
	if got := eventless(t.TempDir()); got != "" {
		t.Errorf("eventless(a temporary directory) = %q, want \"\"", got)
	}
}
