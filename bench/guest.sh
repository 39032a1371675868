#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/guest.sh [cap] [net|net-baseline]: runs inside the VM (see
# bench/run). Measures each operation without the module, then with it in
# several situations, all in this one boot, and prints a table of ns/op and
# ratios to the baseline. cap: capability hooks and tracking (this file);
# net: the net area (bench/net-guest.sh), after cap; both by default.
set -u
WHAT=" ${*:-cap net} "
NET=
case $WHAT in *" net "*) NET=net ;; *" net-baseline "*) NET=baseline ;; esac
case $WHAT in
*" cap "*) ;;
*) [ -n "$NET" ] || exit 64; exec bash "$TOP/bench/net-guest.sh" "$NET" ;;
esac
# From tmpfs: exec'ing from the 9p root would time 9p I/O, not the kernel.
cp "$TOP/build/bin/capbench" /tmp/capbench
B=/tmp/capbench
# chroot(".") looks "." up: in tmpfs, not over 9p.
cd /tmp || exit 1
CG=/sys/fs/cgroup
R=${BENCH_ROUNDS:-3}
declare -A N=([getpid]=200000 [setuid0]=200000 [chroot]=200000 [sethostname]=200000 [forkexit]=2000 [exec]=500
	    [open]=100000 [openwr]=100000 [opendev]=100000 [creatunlink]=50000)
OPS="getpid setuid0 chroot sethostname forkexit exec open openwr opendev creatunlink"

# best of $R runs (least disturbed), in cgroup $1, bound (new mount ns) if $2=box
measure() {
	local cg=$1 how=$2 op=$3 best= v i
	mkdir -p "$CG$cg"
	for i in $(seq "$R"); do
		if [ "$how" = box ]; then
			v=$(sh -c 'echo $$ > "$0/cgroup.procs"; exec unshare -m "$@"' "$CG$cg" "$B" "$op" "${N[$op]}")
		else
			v=$(sh -c 'echo $$ > "$0/cgroup.procs"; exec "$@"' "$CG$cg" "$B" "$op" "${N[$op]}")
		fi
		v=${v##* }
		if [ -z "$best" ] || awk -v a="$v" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$v; fi
	done
	echo "$best"
}

declare -A base boxbase
echo "# kernel $(uname -r), $R rounds each, best of rounds, ns/op"
for op in $OPS; do base[$op]=$(measure /bench/host host "$op"); done
# The container task runs in its own mount namespace, which alone changes
# some ops' cost (path walks): its baseline is the same setup without
# the module.
for op in $OPS; do boxbase[$op]=$(measure /docker/bench box "$op"); done

insmod "$HARDEN_KO" || exit 1
declare -A nopol host box
for op in $OPS; do nopol[$op]=$(measure /bench/host host "$op"); done
"$HARDCTL" load "$TOP/policies/docker-default.conf" >/dev/null || exit 1
for op in $OPS; do host[$op]=$(measure /bench/host host "$op"); done
for op in $OPS; do box[$op]=$(measure /docker/bench box "$op"); done
rmmod harden

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
printf '%-12s %12s %22s %22s %18s %22s\n' op "baseline" "module, no policy" \
	"host task, policy" "container baseline" "container task"
for op in $OPS; do
	printf '%-12s %12s %14s (x%s) %14s (x%s) %18s %14s (x%s)\n' "$op" "${base[$op]}" \
		"${nopol[$op]}" "$(ratio "${nopol[$op]}" "${base[$op]}")" \
		"${host[$op]}" "$(ratio "${host[$op]}" "${base[$op]}")" \
		"${boxbase[$op]}" "${box[$op]}" "$(ratio "${box[$op]}" "${boxbase[$op]}")"
done
# Under -icount shift=0 one guest nanosecond is one instruction, so the
# difference to the baseline is the instructions harden adds to each call
# of an op that makes exactly one hooked call (setuid0, chroot, sethostname;
# counted with `hardctl status`). setuid0 also frees a cred through RCU,
# whose callbacks land at varying points: it varies by about 100 between
# runs on 6.12, so chroot is the steady measure of an allowed check.
added() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.0f", a - b }'; }
echo
echo "# added instructions per hooked call (one security_capable per op)"
printf '%-12s %18s %18s %18s\n' op "module, no policy" "host task, policy" "container task"
for op in setuid0 chroot sethostname; do
	printf '%-12s %18s %18s %18s\n' "$op" "$(added "${nopol[$op]}" "${base[$op]}")" \
		"$(added "${host[$op]}" "${base[$op]}")" "$(added "${box[$op]}" "${boxbase[$op]}")"
done
echo
echo "# added instructions per open(2) + close(2) (one security_file_open per op;"
echo "# creatunlink: open(O_CREAT) + close + unlink, three hooked calls)"
printf '%-12s %18s %18s %18s\n' op "module, no policy" "host task, policy" "container task"
for op in open openwr opendev creatunlink; do
	printf '%-12s %18s %18s %18s\n' "$op" "$(added "${nopol[$op]}" "${base[$op]}")" \
		"$(added "${host[$op]}" "${base[$op]}")" "$(added "${box[$op]}" "${boxbase[$op]}")"
done
echo "# container task: bound in /docker/bench under docker-default.conf, against"
echo "# the same task without the module (container baseline);"
echo "# setuid0 and chroot are allowed there (SETUID, SYS_CHROOT),"
echo "# sethostname is denied (SYS_ADMIN)."

if [ -n "$NET" ]; then
	echo
	bash "$TOP/bench/net-guest.sh" "$NET" || exit 1
fi
