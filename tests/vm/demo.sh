#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job, end to end, in a VM (make demo): load harden, load
# policies/docker-default.conf, run a --privileged Docker container that
# tries to set the hostname (CAP_SYS_ADMIN) and to mount (mount deny), and
# show both denials counted against those containers.
set -u
. "$TOP/tests/vm/docker.sh"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { step "$*"; "$@"; }

echo "# starting dockerd in the VM and importing a busybox image..."
docker_start || exit 1
docker_import_busybox || exit 1

run insmod "$HARDEN_KO"
run "$HARDCTL" load "$TOP/policies/docker-default.conf"
run "$HARDCTL" show
step docker run --name demo-cap --privileged harden/busybox hostname x
docker run --name demo-cap --privileged harden/busybox hostname x
rc_cap=$?
echo "(exit status $rc_cap: --privileged, and still no CAP_SYS_ADMIN)"
step docker run --name demo --privileged harden/busybox mount -t tmpfs none /mnt
docker run --name demo --privileged harden/busybox mount -t tmpfs none /mnt
rc=$?
echo "(exit status $rc: --privileged, and still no mount)"
step "docker run --rm harden/busybox sh -c 'echo hello from a default container; chown nobody /tmp && echo chown ok'"
docker run --rm harden/busybox sh -c 'echo hello from a default container; chown nobody /tmp && echo chown ok'
run "$HARDCTL" stats
echo "(the containers' ids: hostname $(docker inspect -f '{{.Id}}' demo-cap), mount $(docker inspect -f '{{.Id}}' demo))"
run "$HARDCTL" status
docker rm -f demo demo-cap >/dev/null
docker_stop >/dev/null
# The demo fails if the hostname change or the mount was not denied.
[ "$rc_cap" -ne 0 ] && [ "$rc" -ne 0 ]
