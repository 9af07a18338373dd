package reloader

// fionread is the ioctl that returns how many bytes a pipe holds:
// FIONREAD of <sys/filio.h>, _IOR('f', 127, int).
const fionread = 0x4004667f
