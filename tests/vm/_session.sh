#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/vm/_session.sh SUITE...: several guest suites in one VM boot, so
# that they share the boot and one dockerd (about 40 s each under TCG).
# tests/run-all runs the suites that say "# vm-session: NAME" this way, one
# boot per NAME and kernel, and splits the output at the markers below:
#
#   HARDEN-SUITE-BEGIN NAME
#   ... the suite's own output ...
#   HARDEN-SUITE-END NAME rc=N
#   HARDEN-SUITE-TIME NAME SECONDS     (the suite's own time, without the reset)
#
# Each suite runs as its own bash process, as if it had the VM to itself:
# before each one the driver puts back what a fresh boot has: harden
# unloaded, no containers and no user-defined Docker networks (dockerd
# itself and its images stay: that is the point), no network namespaces
# or links a suite made, and no cgroups or processes a suite left behind.
set -u

# Processes that exist now (init, this driver) are the fresh boot's.
declare -A KEEP=()
for p in /proc/[0-9]*; do KEEP[${p#/proc/}]=1; done

docker_up() { [ -S /run/docker.sock ] && docker info >/dev/null 2>&1; }

# Is PID part of Docker itself (kept between suites)? Builtins only, as
# every fork costs about 0.1 s under TCG and this runs for each process.
dockerish() {
	local comm=
	read -r comm <"/proc/$1/comm" 2>/dev/null || return 1
	case "$comm" in
	dockerd | containerd | containerd-shim* | docker-proxy) return 0 ;;
	esac
	return 1
}

# A kernel thread (no command line) or a zombie? Builtins only.
kthread() {
	local cmd=
	read -r -d '' cmd <"/proc/$1/cmdline" 2>/dev/null
	[ -z "$cmd" ]
}

reset_guest() {
	local p pid d n l
	if docker_up; then
		docker ps -aq | xargs -r docker rm -f >/dev/null 2>&1
		docker network prune -f >/dev/null 2>&1
	fi
	# Leftover processes of the last suite (servers, sleepers), but not
	# Docker's and not the ones the boot started.
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		[ -n "${KEEP[$pid]:-}" ] && continue
		[ "$pid" = "$$" ] && continue
		kthread "$pid" && continue
		dockerish "$pid" && continue
		kill -9 "$pid" 2>/dev/null
	done
	sleep 0.2
	# harden: a task killed just above may still hold a module reference
	# (a clamp pending on a task stopped by the stress suites); give it 30 s to exit.
	for _ in $(seq 60); do
		grep -q '^harden ' /proc/modules || break
		rmmod harden 2>/dev/null && break
		sleep 0.5
	done
	grep -q '^harden ' /proc/modules && echo "# reset: harden could not be removed"
	# Named network namespaces and links a suite made.
	for n in $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
		ip netns del "$n" 2>/dev/null
	done
	for l in $(ip -o link show 2>/dev/null | awk -F': ' '{ print $2 }' | sed 's/@.*//'); do
		case "$l" in
		lo | docker0 | veth*) ;;
		*) ip link del "$l" 2>/dev/null ;;
		esac
	done
	# Empty cgroups a suite made (deepest first); Docker's and systemd-less
	# init's own stay if still in use.
	find /sys/fs/cgroup -mindepth 1 -depth -type d 2>/dev/null |
		while read -r d; do rmdir "$d" 2>/dev/null; done
	return 0
}

export HARDEN_SESSION=1
rc_all=0
for n in "$@"; do
	f=$TOP/tests/vm/$n.sh
	reset_guest
	t=$SECONDS
	echo "HARDEN-SUITE-BEGIN $n"
	if [ -r "$f" ]; then
		(cd "$TOP" && HARDEN_SCRIPT=$f exec /bin/bash "$f" </dev/null 2>&1)
		rc=$?
	else
		echo "FAIL: $n: no such suite $f"
		rc=1
	fi
	echo "HARDEN-SUITE-END $n rc=$rc"
	echo "HARDEN-SUITE-TIME $n $((SECONDS - t))"
	[ "$rc" -eq 0 ] || rc_all=1
done
exit "$rc_all"
