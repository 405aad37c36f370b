//go:build unix

package suggest

import (
	"os/exec"
	"syscall"
)

// setGroup starts the command in a process group of its own, so that
// stopping it stops what its shell started too.
func setGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
