#!/bin/bash
# Not run by tests/run-all (about 100 s per kernel).  Checks that the VM's
# CPU emulation handles the kernel's int3-based live code patching: toggles
# scheduler and syscall tracepoints N times (default 300) while busy loops
# keep the other vCPU running the code being patched.  Expected verdict: 0.
# With `tests/vm/run --tcg-thread multi` (QEMU 7.2) this oopsed ("int3") in
# 5 of 6 runs on 6.12 and hung 4 of 4 runs on 6.1.
#   tests/vm/run --kernel 6.12 --timeout 600 tests/vm/selftest/textpoke-stress.sh
set -u
T=/sys/kernel/tracing
N=${1:-300}
(while :; do :; done) &
spin=$!
(while :; do /bin/true; done) &
execs=$!
s=$SECONDS
for ((i = 0; i < N; i++)); do
	for v in 1 0; do
		echo $v >$T/events/sched/sched_switch/enable
		echo $v >$T/events/sched/sched_wakeup/enable
		echo $v >$T/events/syscalls/sys_enter_openat/enable
	done
done
kill $spin $execs
echo "toggled tracepoints $N times in $((SECONDS - s))s"
