#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest suite: cgroup names a container can choose (ESC sequences, quotes,
# backslashes, control bytes, C1 and bidi characters, invalid UTF-8) never
# reach the terminal raw from `hardctl stats`, and `hardctl stats -j` stays
# valid JSON that holds them losslessly (the escaped text form, hardctl(8)).
# Run: tests/vm/run --kernel 6.1 tests/vm/names.sh
# vm-timeout: 300
# shellcheck disable=SC2016 # sh -c '...' bodies expand in the child
set -u
. "$TOP/tests/vm/lib.sh"

PROBE=$TOP/build/bin/hprobe
CG=/sys/fs/cgroup
OUT=/tmp/names
mkdir -p "$OUT"

# label | cgroup name (bash $'...') | how hardctl shows it (text form)
LABELS=() NAMES=() SHOWN=()
add() { LABELS+=("$1"); NAMES+=("$2"); SHOWN+=("$3"); }
add esc		$'hn\e[31mred'		'/hn\x1b[31mred'
add title	$'hn\e]0;owned\a'	'/hn\x1b]0;owned\x07'
add quote	'hn"quote\back'		'/hn"quote\\back'
add lookalike	'hn\x1b'		'/hn\\x1b'
add badutf8	$'hn\xff\xfebad'	'/hn\xff\xfebad'
add trunc	$'hn\xe2\x82'		'/hn\xe2\x82'
add surrogate	$'hn\xed\xa0\x80'	'/hn\xed\xa0\x80'
add overlong	$'hn\xc0\xaf'		'/hn\xc0\xaf'
add c1		$'hn\xc2\x9b2J'		'/hn\xc2\x9b2J'
add rlo		$'hn\xe2\x80\xaertl'	'/hn\xe2\x80\xaertl'
add tab		$'hn\ttab'		'/hn\x09tab'
add newline	$'hn\nnl'		'/hn\x0anl'
add utf8	$'hnb\xc3\xbcr\xc3\xb6'	$'/hnb\xc3\xbcr\xc3\xb6'

t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "load names policy" "$HARDCTL" load "$TOP/tests/vm/policies/names.conf"

# Each cgroup: created if the kernel takes the name, then one bound task
# (exec'd in a new mount namespace) has its sethostname denied and counted.
MADE=()
for i in "${!NAMES[@]}"; do
	l=${LABELS[$i]} d=$CG/${NAMES[$i]}
	if ! err=$(mkdir "$d" 2>&1); then
		t_skip "cgroup '$l'" "mkdir refused: ${err##*: }"
		continue
	fi
	MADE+=("$i")
	t_expect_errno "cgroup '$l': bound task's sethostname denied" EPERM \
		sh -c 'echo $$ > "$0/cgroup.procs" && exec unshare -m "$1" sethostname vm' \
		"$d" "$PROBE"
done
t_check "at least the ESC, quote and invalid-UTF-8 cgroups were created" \
	test "${#MADE[@]}" -ge 3

# --- the table ---
t_check "hardctl stats" sh -c '"$0" stats > "$1/stats.txt"' "$HARDCTL" "$OUT"
t_check "stats: no ESC byte" sh -c '! grep -q "$(printf "\033")" "$0/stats.txt"' "$OUT"
t_check "stats: valid UTF-8, no control character but newline, no C1" python3 -c '
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8")   # strict: raises on bad UTF-8
bad = [hex(ord(c)) for c in t if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) < 0xa0]
sys.exit("control characters: %s" % bad if bad else 0)' "$OUT/stats.txt"
# Rows as: CGROUP GROUP AREA OP DETAIL DENIED AUDITED (names hold no spaces).
declare -A ROW=()
while read -r cg grp area op detail den aud; do
	ROW[$cg]="$grp $area $op $detail $den $aud"
done < "$OUT/stats.txt"
for i in "${MADE[@]}"; do
	t_check "stats table: '${LABELS[$i]}' shown as ${SHOWN[$i]}, 1 denial" \
		test "${ROW[${SHOWN[$i]}]-none}" = "names cap capable SYS_ADMIN 1 0"
done
# Columns line up: AUDITED ends in the same column on every line of the
# cgroup table (the group totals table follows an empty line).
t_check "stats table: columns line up" python3 -c '
import sys, unicodedata
ends = set()
for line in open(sys.argv[1], encoding="utf-8"):
	line = line.rstrip("\n")
	if not line:
		break
	w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
	ends.add(w)
sys.exit("line widths differ: %s" % sorted(ends) if len(ends) != 1 else 0)' "$OUT/stats.txt"

# --- JSON ---
t_check "hardctl stats -j" sh -c '"$0" stats -j > "$1/stats.json"' "$HARDCTL" "$OUT"
t_check "stats -j: json.load(sys.stdin) accepts it" \
	sh -c 'python3 -c "import json,sys; json.load(sys.stdin)" < "$0/stats.json"' "$OUT"
t_check "stats -j: strict UTF-8, no raw control byte, RFC 8259 parse" python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
bad = [b for b in raw if b < 0x20 and b != 0x0a]
if bad: sys.exit("raw control bytes: %s" % bad)
json.loads(raw.decode("utf-8"), strict=True)' "$OUT/stats.json"
PYTHONIOENCODING=utf-8 python3 -c '
import json, sys
for o in json.load(open(sys.argv[1], encoding="utf-8"))["cgroups"]:
	print(o["path"], o["group"], sum(c["denied"] for c in o["counters"]
				       if c["op"] == "capable" and c["detail"] == "SYS_ADMIN"))
' "$OUT/stats.json" > "$OUT/decoded.txt"
declare -A JROW=()
while read -r cg grp den; do
	JROW[$cg]="$grp $den"
done < "$OUT/decoded.txt"
for i in "${MADE[@]}"; do
	t_check "stats -j: '${LABELS[$i]}' decodes to ${SHOWN[$i]}, group names, 1 denial" \
		test "${JROW[${SHOWN[$i]}]-none}" = "names 1"
done
# Lossless: undoing \\ and \xNN gives back every cgroup directory name.
t_check "stats -j: unescaped names are exactly the cgroup directories" python3 -c '
import json, os, re, sys
got = set()
for o in json.load(open(sys.argv[1], encoding="utf-8"))["cgroups"]:
	t = o["path"].encode("utf-8")
	got.add(re.sub(rb"\\(\\|x([0-9a-f]{2}))",
		       lambda m: bytes([int(m.group(2), 16)]) if m.group(2) else b"\\", t))
want = {b"/" + n for n in os.listdir(b"/sys/fs/cgroup") if n.startswith(b"hn")}
missing = want - got
sys.exit("not in stats -j: %r" % sorted(missing) if missing else 0)' "$OUT/stats.json"

# --- the rest of hardctl still reads back ---
t_expect_output "show round-trips through check" "<stdin>: OK, 1 group" \
	sh -c '"$0" show | "$0" check -' "$HARDCTL"
t_check "status: no ESC byte" sh -c '"$0" status | { ! grep -q "$(printf "\033")"; }' "$HARDCTL"

# --- clean up: the tasks have exited, so the cgroups can go ---
left=
for i in "${MADE[@]}"; do
	rmdir "$CG/${NAMES[$i]}" || left="$left ${LABELS[$i]}"
done
t_check "cgroups removed${left:+ (left:$left)}" test -z "$left"
rm -rf "$OUT"
t_check "rmmod" rmmod harden
t_done
