#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 420
#
# Guest suite: a bounded netlink fuzzing campaign against the harden genl
# family (build/bin/nlfuzz, libnl-genl-3), then checks that the module
# came out of it intact: same policy (or exactly the loads the fuzzer saw
# applied), status, stats and metrics answer, memory counter unchanged, no
# kernel problem, and rmmod works (no module reference left by a dump).
#
# Run: tests/vm/run --kernel 6.1 tests/vm/nlfuzz.sh [MESSAGES [SEED]]
# A longer campaign: tests/vm/run --env NLFUZZ_MESSAGES=2000000 \
#     --timeout 3600 --kernel 6.12 tests/vm/nlfuzz.sh
# (an argument wins over NLFUZZ_MESSAGES; NLFUZZ_SEED likewise).
set -u
. "$TOP/tests/vm/lib.sh"

MESSAGES=${1:-${NLFUZZ_MESSAGES:-200000}}
SEED=${2:-${NLFUZZ_SEED:-1}}
NLFUZZ=$TOP/build/bin/nlfuzz
CG=/sys/fs/cgroup
WORK=/tmp/nlfuzz
mkdir -p "$WORK"

# The policy in force: Docker's default group, a group whose cgroup the
# violator runs in (so that events fire during the campaign), and 16
# groups with long globs, so that a GET_POLICY dump spans several parts
# (about 10 KiB).
make_policy() {
	local i m
	cat "$TOP/policies/docker-default.conf"
	printf '\ngroup nlfuzz-viol {\n\tmatch /nlfuzz/*\n\tmode audit\n\tcaps CHOWN\n}\n'
	for i in $(seq -w 0 15); do
		printf '\ngroup nlfuzz-g%s {\n' "$i"
		for m in 0 1 2 3; do
			printf '\tmatch /nlfuzz-g%s/a-rather-long-path-component-%s/%s/*\n' \
				"$i" "$m" "another-long-path-component-for-the-dump"
		done
		printf '\tmode enforce\n\tcaps CHOWN KILL\n\tmount deny\n\tptrace container\n}\n'
	done
}

# A number field of `hardctl -j status` (one line of JSON) on stdin;
# bash only: a python3 start costs seconds under TCG.
json_field() {
	local j
	j=$(cat)
	[[ "$j" =~ \"$1\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}
tracked_tasks() { "$HARDCTL" -j status | json_field tracked_tasks; }
# Where the time goes (printed only).
stamp() {
	local up
	read -r up _ </proc/uptime
	t_log "$1: uptime ${up}s"
}

# The policy text without its generation/load time comment line.
policy_text() { "$HARDCTL" show | grep -v '^# harden policy generation'; }

stamp "start"
t_check "insmod harden.ko" insmod "$HARDEN_KO"
make_policy >"$WORK/policy.conf"
t_check "load the policy (docker-default + 17 groups)" "$HARDCTL" load "$WORK/policy.conf"

# A task bound to /nlfuzz/viol that makes a capability check every 20 ms:
# audited, so one event per check (rate-limited) while the fuzzer joins
# and leaves the events group.
mkdir -p "$CG/nlfuzz/viol"
sh -c 'echo $$ > "$0/cgroup.procs" && exec unshare -m "$1" --violate' \
	"$CG/nlfuzz/viol" "$NLFUZZ" &
VIOL=$!
for _ in $(seq 1 50); do
	[ "$(tracked_tasks)" -ge 1 ] 2>/dev/null && break
	sleep 0.2
done
t_check "violator is bound (tracked_tasks >= 1)" test "$(tracked_tasks)" -ge 1
sleep 1	# the first events, and the violator's counters, exist
stamp "violator started"

t_check "hardctl -j status answers" "$HARDCTL" -j status
STATUS_BEFORE=$T_OUT
GEN_BEFORE=$(json_field generation <<<"$STATUS_BEFORE")
MEM_BEFORE=$(json_field memory_bytes <<<"$STATUS_BEFORE")
policy_text >"$WORK/show.before"
t_check "hardctl show before" test -s "$WORK/show.before"
t_log "before: generation $GEN_BEFORE, memory_bytes $MEM_BEFORE, $(grep -cE '^group ' "$WORK/show.before") groups"
t_log "before: $(grep -E '^(Slab|SUnreclaim):' /proc/meminfo | tr -s ' ' | tr '\n' ' ')"

# --- the campaign ---
stamp "before the campaign"
t_log "nlfuzz: $MESSAGES messages, seed $SEED"
start=$(date +%s.%N)
"$NLFUZZ" --seed "$SEED" --messages "$MESSAGES" --quiet >"$WORK/nlfuzz.out" 2>&1
rc=$?
end=$(date +%s.%N)
sed 's/^/    /' "$WORK/nlfuzz.out"
SENT=$(sed -n 's/^nlfuzz: \([0-9]*\) messages$/\1/p' "$WORK/nlfuzz.out")
LOADS=$(sed -n 's/^nlfuzz: loads \([0-9]*\)$/\1/p' "$WORK/nlfuzz.out")
VIOLATIONS=$(sed -n 's/^nlfuzz: violations \([0-9]*\)$/\1/p' "$WORK/nlfuzz.out")
secs=$(echo "$end - $start" | bc)
t_log "nlfuzz took ${secs}s: $(echo "scale=0; ${SENT:-0} / $secs" | bc) messages/s ($HARDEN_KERNEL, TCG)"
if [ "$rc" -eq 0 ]; then t_pass "nlfuzz ran to the end"; else t_fail "nlfuzz ran to the end" "exit $rc"; fi
if [ -n "$SENT" ] && [ "$SENT" -ge "$MESSAGES" ]; then
	t_pass "nlfuzz sent at least $MESSAGES messages ($SENT)"
else
	t_fail "nlfuzz sent at least $MESSAGES messages" "sent '${SENT:-?}'"
fi
if [ "${VIOLATIONS:-x}" = 0 ]; then
	t_pass "no invariant violation during the campaign (generation, policy content)"
else
	t_fail "no invariant violation during the campaign" "violations '${VIOLATIONS:-?}'"
fi

# --- after (the violator still runs: it is part of the memory counted) ---
t_check "status still answers" "$HARDCTL" -j status
STATUS_AFTER=$T_OUT
GEN_AFTER=$(json_field generation <<<"$STATUS_AFTER")
MEM_AFTER=$(json_field memory_bytes <<<"$STATUS_AFTER")
t_expect_output "memory counter back to its value before ($MEM_BEFORE)" \
	"$MEM_BEFORE" echo "$MEM_AFTER"
t_log "after: generation $GEN_AFTER ($LOADS loads applied), memory_bytes $MEM_AFTER"
t_log "after: $(grep -E '^(Slab|SUnreclaim):' /proc/meminfo | tr -s ' ' | tr '\n' ' ')"
t_expect_output "generation moved once per applied load ($GEN_BEFORE + ${LOADS:-?})" \
	"$((GEN_BEFORE + ${LOADS:-0}))" echo "$GEN_AFTER"
# With no load applied, the policy must be the one loaded before, byte
# for byte. Otherwise (mutations that stayed valid, and random empty
# SET_POLICY messages, are loads) the fuzzer checked between two loads
# that the content never changed without one.
if [ "${LOADS:-1}" = 0 ]; then
	t_check "policy text identical (no load applied)" \
		sh -c 'diff "$1" <("$2" show | grep -v "^# harden policy generation")' \
		_ "$WORK/show.before" "$HARDCTL"
fi
# The policy at every documented limit (about 600 KiB) loads, and hardctl
# reads it back in a form that it accepts again.
t_check "nlfuzz --mode limits: a policy at every limit loads" \
	"$NLFUZZ" --mode limits --messages 2 --check-every 1 --quiet
t_expect_output "the policy at every limit is in force" "64" \
	json_field groups <<<"$("$HARDCTL" -j status)"
# At every limit the shadowed-group search may run out of budget: its
# note (stderr) is allowed, any other warning is not.
t_expect_output "hardctl show | hardctl check - at every limit" "<stdin>: OK, 64 groups" \
	sh -c '"$1" show | "$1" check - 2>/dev/null' _ "$HARDCTL"
t_check "hardctl check at every limit: no warning, at most the budget note" \
	sh -c '! "$1" show | "$1" check - 2>&1 >/dev/null | grep -v ": note: too many globs to look further"' \
	_ "$HARDCTL"
# Then the original policy again, exactly as it was.
t_check "reload the original policy" "$HARDCTL" load "$WORK/policy.conf"
policy_text >"$WORK/show.after"
t_check "policy text identical after the reload" diff "$WORK/show.before" "$WORK/show.after"
t_check "hardctl stats still works" "$HARDCTL" stats
t_check "hardctl stats -j still works" "$HARDCTL" stats -j
t_check "hardctl metrics still works" "$HARDCTL" metrics
t_check "violator's cgroup still counted" \
	sh -c '"$1" stats | grep -q "/nlfuzz/viol"' _ "$HARDCTL"
t_check "nlprobe status (a fresh libnl client) answers" "$TOP/build/bin/nlprobe" status
kill "$VIOL" 2>/dev/null
wait "$VIOL" 2>/dev/null
stamp "checks done"
t_check "no kernel problem in dmesg" \
	sh -c '! dmesg | grep -E "WARNING:|BUG:|Oops|KASAN|refcount_t|general protection|Call Trace"'
t_check "kernel not tainted by a warning (taint flag W)" \
	sh -c '[ $(( $(cat /proc/sys/kernel/tainted) & 512 )) -eq 0 ]'
t_expect_output "module refcount 0 (no dump holds it)" 0 cat /sys/module/harden/refcnt
# rmmod at once after a burst of loads: old policies still wait for
# their RCU callback (module code) when the module goes.
t_check "rmmod harden right after a burst of loads" \
	sh -c '"$0" --seed "$1" --mode mutate --messages 500 --quiet >/dev/null; rmmod harden' \
	"$NLFUZZ" "$SEED"
t_check "insmod harden.ko again" insmod "$HARDEN_KO"
t_check "status answers after the reload" "$HARDCTL" status
rmdir "$CG/nlfuzz/viol" "$CG/nlfuzz" 2>/dev/null
stamp "end"
t_done
