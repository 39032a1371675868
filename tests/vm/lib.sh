# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/vm/lib.sh: helpers for guest test scripts (sourced; bash).
#
#   set -u
#   . "$TOP/tests/vm/lib.sh"
#   t_check "module loads" insmod "$HARDEN_KO"
#   t_done
#
# Every check prints exactly one line that tests/run-all counts:
#   PASS: NAME
#   FAIL: NAME: WHY        (followed by the command's output, indented)
#   SKIP: NAME: WHY        (neither passed nor failed)
# A failure never stops the script; t_done prints "N passed, N failed" and
# exits 1 if anything failed (or if no check ran at all).
#
#   t_pass NAME                     count a pass
#   t_fail NAME [WHY]               count a failure
#   t_skip NAME [WHY]               note a skipped check
#   t_check NAME CMD...             pass if CMD exits 0
#   t_check_fails NAME CMD...       pass if CMD exits non-zero
#   t_expect_errno NAME ERRNO CMD...
#                                   pass if CMD exits non-zero and its output
#                                   contains strerror(ERRNO), e.g. EPERM ->
#                                   "Operation not permitted"
#   t_expect_output NAME WANT CMD...
#                                   pass if CMD exits 0 and its output (stdout
#                                   and stderr, trailing newlines dropped) is
#                                   exactly WANT
#   t_log TEXT...                   print "# TEXT" (ignored by the counters)
#   t_done                          summary line; exit status
#
# Command output is kept in $T_OUT (stdout+stderr of the last checked CMD) and
# its exit status in $T_RC, for follow-up checks.

T_PASSED=0
T_FAILED=0
T_SKIPPED=0
T_OUT=
T_RC=0

t_log() { echo "# $*"; }

t_pass() {
	T_PASSED=$((T_PASSED + 1))
	echo "PASS: $1"
}

t_fail() {
	T_FAILED=$((T_FAILED + 1))
	echo "FAIL: $1${2:+: $2}"
}

t_skip() {
	T_SKIPPED=$((T_SKIPPED + 1))
	echo "SKIP: $1${2:+: $2}"
}

# Run CMD..., capturing its output in T_OUT and status in T_RC.
_t_run() {
	T_OUT=$("$@" 2>&1)
	T_RC=$?
}

# Show the last lines of T_OUT, indented, after a FAIL line.
_t_show() {
	[ -n "$T_OUT" ] || return 0
	printf '%s\n' "$T_OUT" | tail -n 20 | sed 's/^/    | /'
}

t_check() {
	local name=$1; shift
	_t_run "$@"
	if [ "$T_RC" -eq 0 ]; then
		t_pass "$name"
	else
		t_fail "$name" "'$*' exited $T_RC"
		_t_show
	fi
}

t_check_fails() {
	local name=$1; shift
	_t_run "$@"
	if [ "$T_RC" -ne 0 ]; then
		t_pass "$name"
	else
		t_fail "$name" "'$*' succeeded, expected failure"
		_t_show
	fi
}

# strerror() text of an errno name (EPERM) or number (1).
t_strerror() {
	perl -MPOSIX -e '
		my $e = $ARGV[0];
		$e = eval { no strict "refs"; &{"POSIX::$e"}() } unless $e =~ /^\d+$/;
		defined $e or exit 1;
		$! = $e; print "$!";' "$1"
}

declare -gA _T_STRERROR=()	# t_strerror's answers, one perl run per errno

t_expect_errno() {
	local name=$1 errno=$2 msg; shift 2
	if [ -n "${_T_STRERROR[$errno]:-}" ]; then
		msg=${_T_STRERROR[$errno]}
	elif msg=$(t_strerror "$errno"); then
		_T_STRERROR[$errno]=$msg
	else
		t_fail "$name" "unknown errno name $errno"
		return
	fi
	_t_run "$@"
	if [ "$T_RC" -eq 0 ]; then
		t_fail "$name" "'$*' succeeded, expected $errno"
		_t_show
	elif [[ "$T_OUT" != *"$msg"* ]]; then
		t_fail "$name" "'$*' exited $T_RC without \"$msg\" ($errno)"
		_t_show
	else
		t_pass "$name"
	fi
}

t_expect_output() {
	local name=$1 want=$2; shift 2
	_t_run "$@"
	if [ "$T_RC" -ne 0 ]; then
		t_fail "$name" "'$*' exited $T_RC"
		_t_show
	elif [ "$T_OUT" != "$want" ]; then
		t_fail "$name" "'$*' printed something else than \"$want\""
		_t_show
	else
		t_pass "$name"
	fi
}

# harden's counters, from `hardctl stats -j` ({"cgroups":[{"path",
# "counters":[{"area","op","detail","detail_num","denied","audited"}]}],
# "groups":[{"group","area","denied","audited"}]}):
#   t_stat CGROUP CAP denied|audited     area cap, op capable, detail CAP
#   t_stat CGROUP AREA OP DETAIL denied|audited
#                                        DETAIL is the name hardctl prints
#                                        (SYS_ADMIN, get_status) or the
#                                        number (detail_num); "-" matches an
#                                        op without a detail name
#   t_expect_stat NAME WANT CGROUP CAP denied|audited
#   t_expect_stat NAME WANT CGROUP AREA OP DETAIL denied|audited
#   t_group_total GROUP AREA denied|audited
#   t_expect_group_total NAME WANT GROUP AREA denied|audited
# Each prints the number (0 if there is no such counter; summed over every
# entry with that path, e.g. a removed cgroup and its re-created successor),
# or "?" and fails if hardctl or the JSON fails. CGROUP is the path exactly
# as stats -j prints it (escaped). AREA, OP or DETAIL "*" matches any: e.g.
# "t_stat CG '*' '*' '*' denied" is every denial counted against CG.
#
#   t_expect_stats <<EOF              many t_expect_stat checks against one
#   NAME|WANT|CGROUP|AREA|OP|DETAIL|COL     `hardctl stats -j` (one a line;
#   EOF                               fields as above, "|"-separated)
#   t_stat_rows CGROUP...             their counters, one "CGROUP: AREA OP
#                                     DETAIL denied=N audited=N" a line
_t_stats_json() {
	local j
	j=$("$HARDCTL" stats -j 2>&1) || { echo "hardctl stats -j failed: $j" >&2; return 1; }
	printf '%s' "$j" | python3 -c '
import json, sys
a = sys.argv[1:]
try:
	d = json.load(sys.stdin)
except ValueError as e:
	sys.exit("stats -j: not JSON: %s" % e)
col = a[-1]
if col not in ("denied", "audited"):
	sys.exit("column must be denied or audited, not %r" % col)
n = 0
if a[0] == "total":
	grp, area = a[1], a[2]
	for t in d["groups"]:
		if t["group"] == grp and str(t["area"]) == area:
			n += t[col]
else:
	if len(a) == 4:
		path, area, op, det = a[1], "cap", "capable", a[2]
	else:
		path, area, op, det = a[1:5]
	for cg in d["cgroups"]:
		if cg["path"] != path:
			continue
		for c in cg["counters"]:
			if area != "*" and str(c["area"]) != area:
				continue
			if op != "*" and str(c["op"]) != op:
				continue
			if (det == "*" or str(c["detail"]) == det or str(c["detail_num"]) == det or
			    (det == "-" and isinstance(c["detail"], int))):
				n += c[col]
print(n)' "$@"
}

# The batch form: stdin holds NAME|WANT|CGROUP|AREA|OP|DETAIL|COL lines;
# prints "P NAME" or "F NAME<TAB>WHY" lines.
_t_stats_batch() {
	local j
	j=$("$HARDCTL" stats -j 2>&1) || { echo "hardctl stats -j failed: $j" >&2; return 1; }
	python3 -c '
import json, sys
d = json.loads(sys.argv[1])
def count(path, area, op, det, col):
	n = 0
	for cg in d["cgroups"]:
		if cg["path"] != path:
			continue
		for c in cg["counters"]:
			if area != "*" and str(c["area"]) != area:
				continue
			if op != "*" and str(c["op"]) != op:
				continue
			if (det == "*" or str(c["detail"]) == det or str(c["detail_num"]) == det or
			    (det == "-" and isinstance(c["detail"], int))):
				n += c[col]
	return n
for line in sys.stdin:
	line = line.rstrip("\n")
	if not line.strip():
		continue
	f = line.split("|")
	if len(f) != 7 or f[6] not in ("denied", "audited"):
		print("F %s\tbad t_expect_stats line %r" % (f[0], line))
		continue
	name, want, path, area, op, det, col = f
	got = count(path, area, op, det, col)
	if str(got) == want:
		print("P %s" % name)
	else:
		print("F %s\t%s %s %s %s %s = %s, want %s" % (name, path, area, op, det, col, got, want))
' "$j"
}

t_expect_stats() {
	local out line spec
	spec=$(cat)
	if ! out=$(printf '%s\n' "$spec" | _t_stats_batch 2>&1); then
		while IFS='|' read -r line _; do
			[ -n "$line" ] && t_fail "$line" "$out"
		done <<<"$spec"
		return 1
	fi
	while IFS= read -r line; do
		case $line in
		"P "*) t_pass "${line#P }" ;;
		"F "*) line=${line#F }; t_fail "${line%%$'\t'*}" "${line#*$'\t'}" ;;
		*) t_fail "t_expect_stats" "unexpected output: $line" ;;
		esac
	done <<<"$out"
}

t_stat_rows() {
	"$HARDCTL" stats -j 2>&1 | python3 -c '
import json, sys
for cg in json.load(sys.stdin)["cgroups"]:
	if cg["path"] in sys.argv[1:]:
		for c in cg["counters"]:
			print("%s: %s %s %s denied=%d audited=%d" % (cg["path"], c["area"], c["op"],
			      c["detail"], c["denied"], c["audited"]))
' "$@"
}

t_stat() {
	if [ $# -ne 3 ] && [ $# -ne 5 ]; then
		echo "t_stat: CGROUP CAP COL or CGROUP AREA OP DETAIL COL" >&2
		echo "?"; return 1
	fi
	_t_stats_json cg "$@" || { echo "?"; return 1; }
}

t_group_total() {
	[ $# -eq 3 ] || { echo "t_group_total: GROUP AREA COL" >&2; echo "?"; return 1; }
	_t_stats_json total "$@" || { echo "?"; return 1; }
}

t_expect_stat() {
	local name=$1 want=$2 got; shift 2
	got=$(t_stat "$@")
	if [ "$got" = "$want" ]; then t_pass "$name"; else t_fail "$name" "$* = $got, want $want"; fi
}

t_expect_group_total() {
	local name=$1 want=$2 got; shift 2
	got=$(t_group_total "$@")
	if [ "$got" = "$want" ]; then t_pass "$name"; else t_fail "$name" "total $* = $got, want $want"; fi
}

t_done() {
	if [ $((T_PASSED + T_FAILED)) -eq 0 ]; then
		t_fail "${HARDEN_SCRIPT:-$0}" "no check ran"
	fi
	local skipped=
	[ "$T_SKIPPED" -eq 0 ] || skipped=", $T_SKIPPED skipped"
	echo "$T_PASSED passed, $T_FAILED failed$skipped"
	[ "$T_FAILED" -eq 0 ] && exit 0
	exit 1
}
