#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job, end to end, in a VM (make demo): load harden, load
# policies/docker-default.conf, run a --privileged Docker container that
# tries to mount, and show the denial counted against that container.
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
step docker run --name demo --privileged harden/busybox mount -t tmpfs none /mnt
docker run --name demo --privileged harden/busybox mount -t tmpfs none /mnt
rc=$?
echo "(exit status $rc: --privileged, and still no CAP_SYS_ADMIN)"
step "docker run --rm harden/busybox sh -c 'echo hello from a default container; chown nobody /tmp && echo chown ok'"
docker run --rm harden/busybox sh -c 'echo hello from a default container; chown nobody /tmp && echo chown ok'
run "$HARDCTL" stats
echo "(the container's id: $(docker inspect -f '{{.Id}}' demo))"
run "$HARDCTL" status
docker rm -f demo >/dev/null
docker_stop >/dev/null
# The demo fails if the mount was not denied.
[ "$rc" -ne 0 ]
