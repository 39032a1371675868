# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/vm/docker.sh: Docker inside a tests/vm/run guest (sourced; bash).
#
#   . "$TOP/tests/vm/docker.sh"
#   docker_start || { t_fail "dockerd starts"; t_done; }
#   docker_import_busybox            # image harden/busybox, no registry
#   docker run --rm harden/busybox echo hi
#   docker_stop
#
# dockerd (Debian's docker.io 20.10) runs with overlay2 on the tmpfs that
# tests/vm/init mounts at /var/lib/docker, the cgroupfs driver on cgroup v2,
# iptables on, and its log in /tmp/dockerd.log.  The guest has no network
# card: only docker0 and the containers' veths exist, all inside the guest.

DOCKER_LOG=${DOCKER_LOG:-/tmp/dockerd.log}
# seconds for `docker info` to answer (the debug kernel is several times slower)
if [ "${HARDEN_DEBUG:-0}" = 1 ]; then
	DOCKER_WAIT=${DOCKER_WAIT:-480}
else
	DOCKER_WAIT=${DOCKER_WAIT:-120}
fi
DOCKER_IMAGE=${DOCKER_IMAGE:-harden/busybox}

# What every Docker suite uses: the image, the static probes (bind-mounted
# read-only at /probe), the test policies and the shipped default policy.
IMG=$DOCKER_IMAGE
PROBE_DIR=$TOP/build/bin
POL=$TOP/tests/vm/policies
DEFAULT=$TOP/policies/docker-default.conf

_docker_dump_log() {	# [LOG]
	echo "# --- last lines of ${1:-$DOCKER_LOG} ---"
	tail -n 40 "${1:-$DOCKER_LOG}" 2>/dev/null | sed 's/^/#   /'
}

# _daemon_wait NAME PID LOG CMD...: wait until CMD succeeds, at most
# DOCKER_WAIT seconds. Returns non-zero, after printing LOG, if the daemon
# NAME (process PID) exits first or never answers.
_daemon_wait() {
	local name=$1 pid=$2 log=$3 i
	shift 3
	for ((i = 0; i < DOCKER_WAIT * 2; i++)); do
		"$@" && return 0
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "# $name exited early"
			_docker_dump_log "$log"
			return 1
		fi
		sleep 0.5
	done
	echo "# $name did not answer within ${DOCKER_WAIT}s"
	_docker_dump_log "$log"
	return 1
}

# Start dockerd and wait until it answers.  Returns non-zero (after printing
# the daemon's log) if it does not come up within $DOCKER_WAIT seconds.
docker_start() {
	_docker_answers && return 0
	mkdir -p /etc/docker /run/docker
	echo '{}' >/tmp/dockerd.json
	# dockerd gives the containerd it starts itself 15 s to answer (moby's
	# startupTimeout, fixed); on the debug kernel a Go daemon takes longer
	# than that to come up. There, start it here and wait for its socket as
	# long as DOCKER_WAIT allows.
	local ctrd=()
	if [ "${HARDEN_DEBUG:-0}" = 1 ]; then
		mkdir -p /run/containerd /var/lib/containerd
		containerd --address /run/containerd/containerd.sock \
			--root /var/lib/containerd --state /run/containerd \
			>"$DOCKER_LOG.containerd" 2>&1 </dev/null &
		CONTAINERD_PID=$!
		_daemon_wait containerd "$CONTAINERD_PID" "$DOCKER_LOG.containerd" \
			test -S /run/containerd/containerd.sock || return 1
		ctrd=(--containerd=/run/containerd/containerd.sock)
	fi
	dockerd "${ctrd[@]}" \
		--config-file=/tmp/dockerd.json \
		--data-root=/var/lib/docker \
		--exec-root=/run/docker \
		--pidfile=/run/docker.pid \
		--host=unix:///run/docker.sock \
		--storage-driver=overlay2 \
		--exec-opt native.cgroupdriver=cgroupfs \
		--iptables=true \
		--ip-forward=true \
		--log-level=info \
		>"$DOCKER_LOG" 2>&1 </dev/null &
	DOCKERD_PID=$!
	_daemon_wait dockerd "$DOCKERD_PID" "$DOCKER_LOG" _docker_answers
}

_docker_answers() { docker info >/dev/null 2>&1; }

# Build image $1 (default harden/busybox) from the host's busybox-static:
# /bin/busybox plus one symlink per applet, /etc/passwd and /etc/group.
docker_import_busybox() {
	local tag=${1:-$DOCKER_IMAGE} d a rc
	d=$(mktemp -d /tmp/busybox-image.XXXXXX) || return 1
	mkdir -p "$d"/{bin,etc,root,tmp,proc,sys,dev,mnt,usr,var/tmp}
	chmod 1777 "$d/tmp" "$d/var/tmp"
	cp /bin/busybox "$d/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ "$a" = busybox ] || ln -s busybox "$d/bin/$a"
	done
	ln -s bin "$d/sbin"
	ln -s ../bin "$d/usr/bin"
	ln -s ../bin "$d/usr/sbin"
	cat >"$d/etc/passwd" <<-'EOF'
		root:x:0:0:root:/root:/bin/sh
		nobody:x:65534:65534:nobody:/nonexistent:/bin/false
	EOF
	cat >"$d/etc/group" <<-'EOF'
		root:x:0:
		nogroup:x:65534:
	EOF
	echo "hosts: files dns" >"$d/etc/nsswitch.conf"
	tar -C "$d" -c . | docker import -c 'CMD ["/bin/sh"]' - "$tag" >/dev/null
	rc=$?
	rm -rf "$d"
	return $rc
}

# Stop all containers and dockerd (bounded wait). In a shared boot
# (tests/vm/_session.sh sets HARDEN_SESSION=1) dockerd stays up for the
# next suite: only the containers go.
docker_stop() {
	local pid i rc
	if [ "${HARDEN_SESSION:-0}" = 1 ]; then
		docker ps -aq 2>/dev/null | xargs -r docker rm -f >/dev/null 2>&1
		return 0
	fi
	pid=$(cat /run/docker.pid 2>/dev/null) || pid=${DOCKERD_PID:-}
	[ -n "$pid" ] || return 0
	docker ps -q 2>/dev/null | xargs -r docker kill >/dev/null 2>&1
	rc=0
	if kill "$pid" 2>/dev/null; then
		for ((i = 0; i < 60; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		if kill -0 "$pid" 2>/dev/null; then
			echo "# dockerd did not stop within 30s; killing it"
			kill -9 "$pid" 2>/dev/null
			rc=1
		fi
	fi
	_containerd_stop
	return $rc
}

# The containerd docker_start ran itself (debug kernel), after dockerd.
_containerd_stop() {
	[ -n "${CONTAINERD_PID:-}" ] || return 0
	kill "$CONTAINERD_PID" 2>/dev/null
	wait "$CONTAINERD_PID" 2>/dev/null
	CONTAINERD_PID=
}
