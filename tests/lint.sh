#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host suite: the module passes checkpatch.pl (from Debian's linux-source-6.1)
# and sparse against both kernels' headers, with no warning at all.
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
. "$TOP/tests/vm/lib.sh"
cd "$TOP" || exit 1

CP=build/checkpatch/linux-source-6.1/scripts/checkpatch.pl
if [ ! -x "$CP" ]; then
	mkdir -p build/checkpatch
	tar -C build/checkpatch -xf /usr/src/linux-source-6.1.tar.xz \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch 2>/dev/null
fi
srcs=$(ls kmod/*.c kmod/*.h include/uapi/linux/harden.h include/harden_names.h | grep -v '\.mod\.c$')
if [ -x "$CP" ]; then
	t_expect_output "checkpatch: kmod/ and the UAPI header are clean" "" \
		sh -c '"$0" --no-tree --terse -f "$@" | grep -v "^total: 0 errors, 0 warnings"; true' "$CP" $srcs
else
	t_fail "checkpatch" "cannot extract it from /usr/src/linux-source-6.1.tar.xz (make deps)"
fi

for k in 6.1 6.12; do
	kd=$(ls -d /usr/src/linux-headers-$k.*-amd64 2>/dev/null | sort -V | tail -n1)
	[ -n "$kd" ] || { t_fail "sparse $k" "no headers (make deps)"; continue; }
	d=build/sparse-$k
	rm -rf "$d" && mkdir -p "$d" && cp -r Kbuild kmod include "$d/"
	find "$d" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete
	# sparse prints its findings on stderr; the build itself must succeed too.
	t_expect_output "sparse $k: no warnings" "" \
		bash -c 'make -s -j"$(nproc)" -C "$0" M="$1" C=2 modules 2>&1 >/dev/null | grep -v "Skipping BTF"; exit ${PIPESTATUS[0]}' "$kd" "$TOP/$d"
done
t_done
