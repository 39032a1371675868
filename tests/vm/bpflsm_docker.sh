#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 600
# vm-session: docker
#
# Guest suite: harden beside a BPF LSM program on the same hook. Debian's
# kernels list bpf in CONFIG_LSM, so the BPF LSM is live in every boot;
# tests/bin/bpflsm.bpf.c is one small lsm/capable program that refuses
# CAP_SYS_CHROOT to one container's cgroup and counts the checks it sees
# (security_capable, harden's capability hook). Both at once, with
# policies/docker-default.conf (which allows SYS_CHROOT):
#   1. the BPF program's denial is its own: chroot in the target container
#      fails with EPERM, the program counts it, harden counts nothing; the
#      same chroot in another container works (control);
#   2. harden's denial is its own: sethostname (SYS_ADMIN, which the target
#      has from --cap-add but the policy does not allow) in the target
#      container fails, harden counts it, the program refuses nothing more
#      (harden's veto runs at security_capable()'s entry, before the LSM
#      stack, so the program does not even see that check);
#   3. once the program is detached, chroot works again in the target.
set -u
. "$TOP/tests/vm/lib.sh"
. "$TOP/tests/vm/docker.sh"

BPFLSM=$TOP/build/bin/bpflsm
OUT=/tmp/bpflsm.out

cid() { docker inspect -f '{{.Id}}' "$1"; }

docker_start || { t_fail "dockerd starts"; t_done; }
t_check "import busybox image" docker_import_busybox "$IMG"
t_check "the kernel's LSM list has bpf" grep -qw bpf /sys/kernel/security/lsm
# libbpf attaches an lsm program through the kernel's BTF: a kernel built
# without it (the debug kernel has no debug info) cannot run this suite.
if [ ! -r /sys/kernel/btf/vmlinux ]; then
	t_skip "a BPF LSM program beside harden" "this kernel has no BTF (/sys/kernel/btf/vmlinux)"
	t_done
fi
t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "load policies/docker-default.conf" "$HARDCTL" load "$DEFAULT"

docker rm -f tgt other >/dev/null 2>&1
# --cap-add SYS_ADMIN: docker-default.conf leaves it out, so harden (not
# the kernel's own capability check) is what refuses it below.
t_check "start the target container (--cap-add SYS_ADMIN)" docker run -d --name tgt \
	--cap-add SYS_ADMIN -v "$PROBE_DIR:/probe:ro" "$IMG" sleep 100000
t_check "start another container" docker run -d --name other "$IMG" sleep 100000
CG=/docker/$(cid tgt)
t_check "control: chroot works in the target before the program" docker exec tgt chroot / true

"$BPFLSM" "$TOP/build/bin/bpflsm.bpf.o" "/sys/fs/cgroup$CG" >"$OUT" 2>&1 &
BPID=$!
for _ in $(seq 1 60); do
	grep -q attached "$OUT" 2>/dev/null && break
	kill -0 "$BPID" 2>/dev/null || break
	sleep 0.5
done
t_check "the BPF LSM program is attached beside harden" grep -q attached "$OUT"

t_expect_errno "1. BPF's denial: chroot in the target refused" EPERM docker exec tgt chroot / true
t_expect_stat "1. ... and harden counted nothing for it" 0 "$CG" '*' '*' '*' denied
t_check "1. control: chroot in the other container works" docker exec other chroot / true
t_expect_errno "2. harden's denial: sethostname in the target refused" EPERM \
	docker exec tgt /probe/hprobe sethostname x
t_expect_stat "2. ... counted by harden (cap SYS_ADMIN)" 1 "$CG" SYS_ADMIN denied
t_check "harden's hooks and the program both still in force (status)" "$HARDCTL" status

kill -TERM "$BPID"
wait "$BPID"
t_check "the program saw capability checks" sh -c 'grep -Eq "^calls [1-9][0-9]* " "$1"' _ "$OUT"
t_expect_output "the program refused exactly the one chroot" "1" \
	sh -c 'sed -n "s/^calls [0-9]* refused \([0-9]*\)$/\1/p" "$1"' _ "$OUT"
t_check "3. detached: chroot in the target works again" docker exec tgt chroot / true
t_expect_stat "harden's count unchanged: still 1 denial for the target" 1 "$CG" '*' '*' '*' denied

docker rm -f tgt other >/dev/null 2>&1
docker_stop
t_done
