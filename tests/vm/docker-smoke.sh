#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 600
# vm-session: docker
#
# Guest suite: the Docker environment that the e2e tests rely on works in
# this kernel (no harden module involved): dockerd with overlay2 and cgroupfs
# on cgroup v2, a locally imported image, docker run, --privileged, --init,
# exec, restart, container networking on docker0.  Every container start costs
# several seconds under TCG, so the checks share as few containers as they can.
# In tests/run-all it runs in the Docker session's boot (its dockerd then
# stays up for the next suite; "dockerd stops" only removes the containers).
set -u
. "$TOP/tests/vm/lib.sh"
. "$TOP/tests/vm/docker.sh"

img=$DOCKER_IMAGE
t0=$SECONDS
if docker_start; then
	t_pass "dockerd starts"
	t_log "dockerd took $((SECONDS - t0))s to answer"
else
	t_fail "dockerd starts"
	t_done
fi
t_expect_output "storage driver is overlay2" overlay2 docker info -f '{{.Driver}}'
t_expect_output "cgroup driver cgroupfs on cgroup v2" "cgroupfs 2" \
	docker info -f '{{.CgroupDriver}} {{.CgroupVersion}}'
t_check "docker import busybox image" docker_import_busybox "$img"

t0=$SECONDS
t_expect_output "docker run --rm echo" hi docker run --rm "$img" echo hi
t_log "docker run took $((SECONDS - t0))s"

t_expect_output "--privileged container can mount" mounted \
	docker run --rm --privileged "$img" \
	sh -c "mount -t tmpfs none /mnt 2>&1 && echo mounted"

t_check "docker run -d --init" docker run -d --init --name smoke1 "$img" sleep 1000
t_expect_output "docker exec" hi docker exec smoke1 echo hi
t_expect_output "--init: docker-init is pid 1" docker-init docker exec smoke1 cat /proc/1/comm
t_expect_output "unprivileged container cannot mount" denied \
	docker exec smoke1 sh -c "mount -t tmpfs none /mnt 2>/dev/null && echo mounted || echo denied"
t_check "container has an address on docker0's network" \
	sh -c "docker exec smoke1 ip -4 addr show eth0 | grep -q 'inet 172\.17\.'"
t_check "docker restart" docker restart -t 1 smoke1
t_expect_output "running after restart" true docker inspect -f '{{.State.Running}}' smoke1
t_expect_output "docker exec after restart" hi docker exec smoke1 echo hi
t_check "docker rm -f" docker rm -f smoke1
t_check "dockerd stops" docker_stop
t_done
