#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest suite: load, unload and reload harden.ko.
# Run: tests/vm/run --kernel 6.1 tests/vm/smoke.sh   (or: make check)
#
# To extend: add a section function below and call it from the list at the
# bottom; use the t_* helpers from lib.sh (one PASS:/FAIL: line per check).
set -u
. "$TOP/tests/vm/lib.sh"

MOD=harden
RELOADS=${SMOKE_RELOADS:-8}

# Builtins only: every fork+exec costs ~0.1 s under TCG.
loaded() {
	local l
	while read -r l _; do [ "$l" = "$MOD" ] && return 0; done </proc/modules
	return 1
}
not_loaded() { ! loaded; }

smoke_load_unload() {
	t_check "harden.ko built for $HARDEN_KVER" test -f "$HARDEN_KO"
	t_check "vermagic matches guest kernel" \
		sh -c 'modinfo -F vermagic "$1" | grep -q "^$2 "' _ "$HARDEN_KO" "$HARDEN_KVER"
	t_check "insmod harden.ko" insmod "$HARDEN_KO"
	t_check "harden listed in /proc/modules" loaded
	t_check "rmmod harden" rmmod "$MOD"
	t_check "harden gone from /proc/modules" not_loaded
}

smoke_reload_loop() {
	local i ok=0 why=
	for i in $(seq 1 "$RELOADS"); do
		if ! out=$(insmod "$HARDEN_KO" 2>&1); then
			why="insmod #$i: $out"
		elif ! loaded; then
			why="#$i: not in /proc/modules after insmod"
		elif ! out=$(rmmod "$MOD" 2>&1); then
			why="rmmod #$i: $out"
		elif loaded; then
			why="#$i: still in /proc/modules after rmmod"
		else
			ok=$((ok + 1))
			continue
		fi
		t_fail "load/unload cycle $i" "$why"
		loaded && rmmod "$MOD" 2>/dev/null
	done
	if [ "$ok" -eq "$RELOADS" ]; then
		t_pass "$RELOADS load/unload cycles"
	fi
}

one_definition_each() {
	"$HARDCTL" status | awk '/^ +[A-Za-z_0-9]+ +[a-z]+ /{ print $1 }' >/tmp/hooknames
	[ -s /tmp/hooknames ] || { echo "no hook names in hardctl status"; return 1; }
	awk 'NR == FNR { want[$1] = 1; next }
	     ($2 == "t" || $2 == "T") && ($3 in want) { n[$3]++ }
	     END { for (k in n) if (n[k] > 1) { print k ": " n[k] " definitions"; bad = 1 }
		   exit bad }' /tmp/hooknames /proc/kallsyms
}

# The module registers its netlink family and attaches every hook; the hooks
# are PERMANENT, so ftrace cannot be switched off under them.
smoke_family_and_hooks() {
	t_check "insmod for the family check" insmod "$HARDEN_KO"
	t_check "genl family 'harden' answers (libmnl: hardctl status)" "$HARDCTL" status
	# 5 capability and tracking; 14 mount: 6 LSM functions and 8 syscall
	# entry points (x64, ia32) of the four with no LSM hook; 10 ptrace
	# (with __f_setown, prlimit64 x64 and ia32, and the four scheduling
	# hooks); 5 net: 3 LSM
	# functions and the netfilter LOCAL_OUT and FORWARD hooks of every
	# network namespace; 21 host (file_open, 11 inode attribute and
	# directory hooks, module autoload, cgroup mkdir and rmdir, add_key,
	# request_key and keyctl x64 and ia32); 16 tamper
	# (cgroup_can_fork and cgroup_post_fork for clone3, and the
	# usermode-helper backstop among them).
	t_check "status: all hooks attached" sh -c '"$HARDCTL" status | grep -qx "hooks: 71 attached"'
	t_check "status: security_capable hooked" sh -c '"$HARDCTL" status | grep -q "security_capable "'
	t_check "status: mount hooks in area mount" sh -c \
		'"$HARDCTL" status | grep -Eq "^ +__ia32_sys_mount_setattr +mount "'
	t_check "status: net hooks in area net" sh -c \
		'"$HARDCTL" status | grep -Eq "^ +security_sock_rcv_skb +net "'
	t_check "status: host hooks in area host" sh -c \
		'"$HARDCTL" status | grep -Eq "^ +security_file_open +host "'
	t_check "status: the scheduling hooks in area ptrace" sh -c \
		'"$HARDCTL" status | grep -Eq "^ +security_task_setscheduler +ptrace "'
	t_check "status: clone3's backstop in area tamper" sh -c \
		'"$HARDCTL" status | grep -Eq "^ +cgroup_post_fork +tamper "'
	# hooks.c adds each function to the ftrace filter by the address
	# kallsyms_lookup_name() gives, which is the only one only if no other
	# (static) function has the same name.
	t_check "every hooked function has one definition in kallsyms" one_definition_each
	t_check "genl family answers a second client (libnl: nlprobe status)" \
		"$TOP/build/bin/nlprobe" status
	t_check_fails "sysctl kernel.ftrace_enabled=0 refused while hooks are attached" \
		sh -c 'echo 0 > /proc/sys/kernel/ftrace_enabled'
	t_check "ftrace still enabled" grep -qx 1 /proc/sys/kernel/ftrace_enabled
	t_check "rmmod after the family check" rmmod "$MOD"
	t_check_fails "family gone after rmmod" "$HARDCTL" status
}

smoke_leaves_kernel_clean() {
	t_check "module not left loaded" not_loaded
	t_check "kernel not tainted by a warning (taint flag W)" \
		sh -c '[ $(( $(cat /proc/sys/kernel/tainted) & 512 )) -eq 0 ]'
}

smoke_load_unload
smoke_reload_loop
smoke_family_and_hooks
smoke_leaves_kernel_clean
t_done
