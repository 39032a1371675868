#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 600
# vm-session: docker
#
# Guest suite: harden stacked on a live AppArmor. tests/run-all boots the
# docker session with AppArmor on for the kernels in APPARMOR_KERNELS
# (6.12 by default), with Debian's apparmor package on the host, so dockerd
# confines default containers with its docker-default profile. Then:
#   1. AppArmor is really on: the kernel says so, dockerd lists it, and a
#      default container runs under docker-default (enforce).
#   2. AppArmor's denials stay AppArmor's: under a harden policy that leaves
#      mounts alone (tests/vm/policies/host-docker.conf), a container with
#      --cap-add SYS_ADMIN cannot mount a tmpfs: docker-default's "deny
#      mount" refuses it with AppArmor's EACCES, and harden counts nothing.
#      Control: the same container with --security-opt apparmor=unconfined
#      mounts it.
#   3. harden's denials stay harden's: under policies/docker-default.conf a
#      default container with --pid=host sends SIGKILL to another
#      container's task (docker-default allows signals between
#      docker-default peers); harden's "signal container" refuses it with
#      its EPERM and counts it. Control: without harden the task dies.
#   4. Where both would deny (that mount under docker-default.conf), harden's
#      veto runs first, at the security hook's entry before the LSM stack:
#      EPERM, not EACCES, counted by harden.
#   5. Neither breaks a default container: it runs, writes its files,
#      chowns, uses a raw socket, is exec'd into and restarted, and harden
#      counts nothing more for it.
# AppArmor's "deny" rules are quiet (no audit line), so the errno tells
# whose denial it was: EACCES is AppArmor's, EPERM harden's.
# On a kernel booted without AppArmor the suite says so and skips.
set -u
. "$TOP/tests/vm/lib.sh"
. "$TOP/tests/vm/docker.sh"

RUN=(docker run --rm -v "$PROBE_DIR:/probe:ro")
P=/probe/ptprobe

cid() { docker inspect -f '{{.Id}}' "$1"; }

if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" != Y ]; then
	t_pass "AppArmor is off in this boot (apparmor=0): nothing to stack on"
	t_skip "harden stacked on AppArmor" "this kernel boots with apparmor=0; see APPARMOR_KERNELS in tests/run-all"
	t_done
fi

docker_start || { t_fail "dockerd starts"; t_done; }
t_check "import busybox image" docker_import_busybox "$IMG"

# --- 1. AppArmor is live -----------------------------------------------------
t_check "apparmor_parser installed (Debian's apparmor package)" command -v apparmor_parser
t_check "dockerd lists apparmor among its security options" \
	sh -c 'docker info --format "{{json .SecurityOptions}}" | grep -q apparmor'
t_expect_output "a default container runs under docker-default (enforce)" \
	"docker-default (enforce)" "${RUN[@]}" "$IMG" cat /proc/self/attr/current
t_check "the profile is loaded in the kernel" \
	grep -q '^docker-default (enforce)' /sys/kernel/security/apparmor/profiles

t_check "insmod harden.ko" insmod "$HARDEN_KO"

# --- 2. AppArmor's denial, not harden's ----------------------------------------
t_check "load host-docker.conf (caps all, no mount rules)" "$HARDCTL" load "$POL/host-docker.conf"
docker rm -f aa1 >/dev/null 2>&1
t_check "start a default container with --cap-add SYS_ADMIN" docker run -d --name aa1 \
	--cap-add SYS_ADMIN -v "$PROBE_DIR:/probe:ro" "$IMG" sleep 100000
CG1=/docker/$(cid aa1)
t_expect_errno "AppArmor's denial: mount of a tmpfs refused with EACCES" EACCES \
	docker exec aa1 /probe/hprobe mount-tmpfs /mnt
t_expect_stat "... and harden counted nothing for that container" 0 "$CG1" '*' '*' '*' denied
t_expect_output "control: unconfined by AppArmor, the same mount works" "mount-tmpfs: ok" \
	"${RUN[@]}" --cap-add SYS_ADMIN --security-opt apparmor=unconfined "$IMG" \
	/probe/hprobe mount-tmpfs /mnt

# --- 3. harden's denial, not AppArmor's -----------------------------------------
t_check "load policies/docker-default.conf" "$HARDCTL" load "$DEFAULT"
docker rm -f aa2 >/dev/null 2>&1
t_check "start a second default container (the target)" \
	docker run -d --name aa2 "$IMG" sleep 100000
TPID=$(docker inspect -f '{{.State.Pid}}' aa2)
t_expect_errno "--pid=host container: SIGKILL to another container's task refused (EPERM)" EPERM \
	"${RUN[@]}" --pid=host "$IMG" $P kill "$TPID" KILL
t_check "... the target still runs" kill -0 "$TPID"
t_check "... harden counted it (group docker, area ptrace)" \
	test "$(t_group_total docker ptrace denied)" -ge 1
t_check "control: rmmod harden" rmmod harden
t_check "control: without harden, the same signal goes through" \
	"${RUN[@]}" --pid=host "$IMG" $P kill "$TPID" KILL
t_check "control: the target is gone" sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$1" 2>/dev/null || exit 0; sleep 0.5; done; exit 1' _ "$TPID"
docker rm -f aa2 >/dev/null 2>&1
t_check "insmod harden.ko again" insmod "$HARDEN_KO"
t_check "load policies/docker-default.conf again" "$HARDCTL" load "$DEFAULT"

# --- 4. both would deny: harden's veto comes first ------------------------------
t_expect_errno "mount in the SYS_ADMIN container: refused with harden's EPERM" EPERM \
	docker exec aa1 /probe/hprobe mount-tmpfs /mnt
t_expect_stat "... counted by harden" 1 "$CG1" '*' '*' '*' denied

# --- 5. a default container works under both --------------------------------------
t_expect_output "default container: files, chown, setuid, raw ping of itself" \
	"chown: ok
setuid: ok
ok" "${RUN[@]}" "$IMG" sh -c '/probe/hprobe chown /etc/passwd && /probe/hprobe setuid 0 &&
		echo x >> /etc/group && mkdir /var/x && hostname >/dev/null &&
		ping -c1 -W2 127.0.0.1 >/dev/null && echo ok'
t_check "docker exec, restart and exec again work" sh -c \
	'docker exec aa1 true && docker restart -t 1 aa1 >/dev/null && docker exec aa1 true'
t_expect_output "harden's counters for aa1: still that one denial only" 1 \
	t_stat "$CG1" '*' '*' '*' denied

docker rm -f aa1 >/dev/null 2>&1
docker_stop
t_done
