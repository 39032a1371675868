#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every build and test dependency of harden from Debian's packages.
# Idempotent: when everything is already installed it runs one dpkg-query
# and changes nothing.  Called by `make deps`.
set -euo pipefail

PKGS=(
	# build: module (6.1 = linux-*-amd64; 6.12 = the bookworm backport), ctl
	build-essential bc kmod pkg-config
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-source-6.1	# also provides usr/gen_init_cpio.c for tests/vm/run
	libmnl-dev libnl-genl-3-dev libmicrohttpd-dev
	# tests: unit (cmocka), sparse, VM harness, Docker inside the VM
	libcmocka-dev sparse
	libclang-rt-14-dev	# make fuzz: libFuzzer, ASan, UBSan runtimes (clang: below)
	qemu-system-x86 busybox-static cpio xz-utils zstd iproute2 coreutils
	docker.io tini iptables	# tini provides docker-init (docker run --init)
	apparmor		# apparmor_parser: dockerd's docker-default profile (AppArmor boots)
	clang libbpf-dev	# a BPF LSM program stacked beside harden (tests/vm/bpflsm_docker.sh)
	prometheus		# promtool and a server for tests/vm/monitor.sh, tests/docs.sh
)

installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PKGS[@]}" 2>/dev/null || true)
missing=()
for p in "${PKGS[@]}"; do
	grep -qx "$p installed" <<<"$installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
	echo "deps: all ${#PKGS[@]} packages present"
	exit 0
fi

echo "deps: installing: ${missing[*]}"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "deps: done"
