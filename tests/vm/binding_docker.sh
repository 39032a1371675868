#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 1500
# vm-session: docker
#
# Guest suite: binding (when a container task becomes policed) attacked from
# inside real Docker containers, and the host admin never locked out.
#
#   1. scan evasion by name: a container task that calls itself
#      "runc:[2:INIT]" when harden is loaded is still policed, and still
#      cannot delete_module(harden);
#   2. scan evasion by an exec in flight: a container task that keeps failing
#      execve() while harden is loaded is still policed (ENOEXEC: fails after
#      the LSM's bprm_creds_for_exec; ENOENT: fails at open, before it);
#   3. cgroup steering: a --cgroupns=host --privileged container moves the
#      process of a `docker exec` out of its cgroup before it execs; the
#      command must still be policed (the move refused, the command's
#      denial counted against the container), under docker-default and under a policy that allows
#      SYS_NICE (docker-default alone refuses the move through cpuset's
#      CAP_SYS_NICE check);
#   4. a policy that matches / (or the admin's own session cgroup) never
#      locks the host admin out of hardctl, sethostname or rmmod, and
#      containers under it are still refused;
#   5. `docker exec --privileged` of hardctl in a --network host container
#      is refused.
#
# Each attack first runs without harden (CONTROL: the attack must work there,
# or the check proves nothing and fails). Evaders live in one container
# started before insmod; they wait for files in $SIG (bind-mounted at /sig).
set -u
. "$TOP/tests/vm/lib.sh"
. "$TOP/tests/vm/docker.sh"

CG=/sys/fs/cgroup
SIG=/tmp/sig
RUNC_INIT='runc:[2:INIT]'
MNT=(-v "$PROBE_DIR:/probe:ro" -v "$SIG:/sig")
# hardctl is linked against glibc and libmnl: lend the host's to busybox.
HCTL_MNT=(-v "$TOP/ctl:/ctl:ro" -v /usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu:ro
	-v /usr/lib64:/lib64:ro -v "$POL:/pol:ro")

cid() { docker inspect -f '{{.Id}}' "$1"; }

# Run CMD in host cgroup $1 (unbound: exec'd in the initial mount namespace).
in_cg() {
	local cg=$1; shift
	mkdir -p "$CG$cg"
	sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CG$cg" "$@"
}

# result NAME: the output of evader NAME once it has ended (its wrapper
# appends "exit=N"), waiting at most 120 s.
result() {
	local f=$SIG/$1.out i
	for ((i = 0; i < 600; i++)); do
		grep -q '^exit=' "$f" 2>/dev/null && break
		sleep 0.2
	done
	cat "$f" 2>/dev/null
}

# t_grep NAME ERE CMD...: pass if CMD's output (any status) has a line
# matching ERE; every further ERE given as -e ERE must match too.
t_grep() {
	local name=$1 re
	shift
	local res=("$1")
	shift
	while [ "$1" = -e ]; do res+=("$2"); shift 2; done
	_t_run "$@"
	for re in "${res[@]}"; do
		if ! grep -Eq -- "$re" <<<"$T_OUT"; then
			t_fail "$name" "no line matches /$re/"
			_t_show
			return
		fi
	done
	t_pass "$name"
}

# Denials counted against cgroup $1 (all capabilities, or capability $2),
# read from `hardctl stats -j`.
stats_denied() {
	"$HARDCTL" stats -j | perl -MJSON::PP -e '
		my ($cg, $cap) = @ARGV;
		my $n = 0;
		for my $r (@{ decode_json(join "", <STDIN>)->{cgroups} }) {
			next unless $r->{path} eq $cg;
			for my $c (@{ $r->{counters} }) {
				next unless $c->{op} eq "capable";
				$n += $c->{denied} if !defined $cap || $c->{detail} eq $cap;
			}
		}
		print $n;' "$@"
}

# Load harden and the default policy again after a check lost it.
reload_harden() {
	grep -q '^harden ' /proc/modules || insmod "$HARDEN_KO"
	"$HARDCTL" load "$DEFAULT" >/dev/null 2>&1 || {
		rmmod harden && insmod "$HARDEN_KO" && "$HARDCTL" load "$DEFAULT" >/dev/null
	}
}

t_log "kernel $HARDEN_KVER; this script's cgroup: $(cat /proc/self/cgroup)"
docker_start || { t_fail "dockerd starts"; t_done; }
t_check "import busybox image" docker_import_busybox "$IMG"
t_check "modprobe dummy (a module a container may unload without harden)" modprobe dummy
mkdir -p "$SIG"

# ---------------------------------------------------------------------------
# Evaders for 1 and 2, in one --privileged container started before insmod.
# c-*: controls (no module); h-*: run once harden and its policy are loaded.
cat >"$SIG/pre.sh" <<'EOF'
#!/bin/sh
X="/tmp/runc:[2:INIT]"		# a copy of hprobe whose exec sets comm so
P=/probe/hprobe
cp "$P" "$X"
ev() { out=$1; shift; { "$@"; echo "exit=$?"; } >"/sig/$out.out" 2>&1 & }
ev c-plain	$P wait /sig/c-go sethostname c0
ev c-name-exec	"$X" wait /sig/c-go sethostname c1
ev c-name-prctl	$P comm "runc:[2:INIT]" wait /sig/c-go sethostname c2
ev c-name-del	$P comm "runc:[2:INIT]" wait /sig/c-go delete-module dummy
ev c-execfail	$P execfail-wait /sig/c-go sethostname c3
ev c-execnoent	$P execnoent-wait /sig/c-go sethostname c4
ev h-plain	$P wait /sig/h-go sethostname h0
ev h-name-exec	"$X" wait /sig/h-go sethostname h1
ev h-name-prctl	$P comm "runc:[2:INIT]" wait /sig/h-go sethostname h2
ev h-execfail	$P wait /sig/h-arm execfail-wait /sig/h-go sethostname h3
ev h-execnoent	$P wait /sig/h-arm execnoent-wait /sig/h-go sethostname h4
ev h-plain-del	$P wait /sig/h-del delete-module harden
ev h-name-del	$P comm "runc:[2:INIT]" wait /sig/h-del delete-module harden
touch /sig/pre-ready
exec sleep 100000
EOF
t_check "start --privileged container 'pre' (before insmod)" \
	docker run -d --name pre --privileged "${MNT[@]}" "$IMG" sh /sig/pre.sh
PRE=/docker/$(cid pre)

# Wait until the six evaders are named runc:[2:INIT] (bounded).
named=0
for ((i = 0; i < 300; i++)); do
	named=0
	for p in $(cat "$CG$PRE/cgroup.procs" 2>/dev/null); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$RUNC_INIT" ] && named=$((named + 1))
	done
	[ "$named" -ge 6 ] && [ -e "$SIG/pre-ready" ] && break
	sleep 0.2
done
t_check "pre: six container processes named $RUNC_INIT" test "$named" -eq 6

# --- 1 and 2: controls, no module ---
touch "$SIG/c-go"
t_grep "CONTROL: a plain container process may sethostname" '^sethostname: ok$' result c-plain
t_grep "CONTROL 1: $RUNC_INIT (exec'd copy) may sethostname" '^sethostname: ok$' result c-name-exec
t_grep "CONTROL 1: $RUNC_INIT (prctl) may sethostname" '^sethostname: ok$' result c-name-prctl
t_grep "CONTROL 1: $RUNC_INIT (prctl) may delete_module(dummy)" '^delete-module: ok$' result c-name-del
t_check "CONTROL 1: dummy is gone" sh -c '! grep -q "^dummy " /proc/modules'
t_grep "CONTROL 2: execve() failing with ENOEXEC in a loop, then sethostname works" \
	'^execfail-wait: [1-9][0-9]* failed execs \(last ENOEXEC\)$' -e '^sethostname: ok$' result c-execfail
t_grep "CONTROL 2: execve() failing with ENOENT in a loop, then sethostname works" \
	'^execnoent-wait: [1-9][0-9]* failed execs \(last ENOENT\)$' -e '^sethostname: ok$' result c-execnoent

# --- 3: the steering container (control before insmod) ---
mkdir -p "$CG/elsewhere"
echo / >"$SIG/steer-dest"
t_check "start --privileged --cgroupns=host container 'steer' with a cgroup.procs watcher" \
	docker run -d --name steer --privileged --cgroupns=host "${MNT[@]}" "$IMG" \
	sh -c 'exec /probe/hprobe cg-steer /sig/steer-dest 1400 >/sig/steer.log 2>&1'
STEER=/docker/$(cid steer)
for ((i = 0; i < 150; i++)); do
	grep -q '^cg-steer: watching' "$SIG/steer.log" 2>/dev/null && break
	sleep 0.2
done
t_grep "steer: watcher sees its own cgroup with the host's tree" \
	"^cg-steer: watching /sys/fs/cgroup$STEER/cgroup.procs\$" cat "$SIG/steer.log"

# steer_exec TAG DEST: docker exec into 'steer' while the watcher moves new
# processes to DEST; the command prints its cgroup, then sethostname.
# Leaves the watcher's lines about this exec in $SIG/steer-TAG.log. The
# watcher races runc's init to its exec: an attempt where it only saw the
# process after the exec tests nothing, so try again (at most 6 times).
steer_exec() {
	local n try
	echo "$2" >"$SIG/steer-dest"
	for try in 1 2 3 4 5 6; do
		n=$(wc -l <"$SIG/steer.log")
		docker exec steer sh -c 'sleep 1; cat /proc/self/cgroup; exec /probe/hprobe sethostname s' \
			>"$SIG/steer-$1.out" 2>&1
		sleep 0.5
		tail -n +$((n + 1)) "$SIG/steer.log" >"$SIG/steer-$1.log"
		t_log "steer $1 -> $2 (try $try): $(tr '\n' ';' <"$SIG/steer-$1.out") watcher: $(tr '\n' ';' <"$SIG/steer-$1.log")"
		grep -Eq "^moved [0-9]+ runc:\[2:INIT\] runc:\[2:INIT\] " "$SIG/steer-$1.log" && return 0
	done
	return 1
}

steer_exec c-root /
t_grep "CONTROL 3: watcher moved runc init before its exec (to /)" \
	"^moved [0-9]+ runc:\[2:INIT\] runc:\[2:INIT\] -> /: ok\$" cat "$SIG/steer-c-root.log"
t_grep "CONTROL 3: the exec'd command runs in / and sethostname works" \
	'^0::/$' -e '^sethostname: ok$' cat "$SIG/steer-c-root.out"
steer_exec c-else /elsewhere
t_grep "CONTROL 3: watcher moved runc init before its exec (to /elsewhere)" \
	"^moved [0-9]+ runc:\[2:INIT\] runc:\[2:INIT\] -> /elsewhere: ok\$" cat "$SIG/steer-c-else.log"
t_grep "CONTROL 3: the exec'd command runs in /elsewhere and sethostname works" \
	'^0::/elsewhere$' -e '^sethostname: ok$' cat "$SIG/steer-c-else.out"

# ---------------------------------------------------------------------------
# With harden: the exec loops run while the module goes in.
touch "$SIG/h-arm"
sleep 2
t_check "insmod harden.ko (containers running, execs failing in a loop)" insmod "$HARDEN_KO"
t_check "load policies/docker-default.conf" "$HARDCTL" load "$DEFAULT"
t_log "harden srcversion $(cat /sys/module/harden/srcversion 2>/dev/null); $(dmesg | grep -o 'harden: bound .*' | tail -n 1)"
touch "$SIG/h-go"
t_grep "scan: a plain pre-existing container process is policed (sethostname EPERM)" \
	'^sethostname: EPERM' result h-plain
t_grep "1: $RUNC_INIT (exec'd copy) at insmod is policed (sethostname EPERM)" \
	'^sethostname: EPERM' result h-name-exec
t_grep "1: $RUNC_INIT (prctl) at insmod is policed (sethostname EPERM)" \
	'^sethostname: EPERM' result h-name-prctl
t_grep "2: execve() failing (ENOEXEC) at insmod: policed (sethostname EPERM)" \
	'^execfail-wait: [1-9][0-9]* failed execs \(last ENOEXEC\)$' -e '^sethostname: EPERM' result h-execfail
t_grep "2: execve() failing (ENOENT) at insmod: policed (sethostname EPERM)" \
	'^execnoent-wait: [1-9][0-9]* failed execs \(last ENOENT\)$' -e '^sethostname: EPERM' result h-execnoent
t_expect_stat "stats: the five denials counted against the container" 5 "$PRE" SYS_ADMIN denied

# Tamper: with every capability allowed, only harden itself can refuse.
t_check "load docker-all.conf (caps all)" "$HARDCTL" load "$POL/docker-all.conf"
touch "$SIG/h-del"
t_grep "tamper: a plain pre-existing container process cannot delete_module(harden)" \
	'^delete-module: EPERM' result h-plain-del
t_grep "1: $RUNC_INIT (prctl) at insmod cannot delete_module(harden)" \
	'^delete-module: EPERM' result h-name-del
if grep -q '^harden ' /proc/modules; then
	t_pass "harden still loaded"
else
	t_fail "harden still loaded" "a container process unloaded it; loading it again"
fi
reload_harden
t_check "reload docker-default.conf" "$HARDCTL" load "$DEFAULT"

# --- 3 with harden: the watcher was bound by the scan ---
# steer_check TAG DEST POLICY-LABEL
steer_check() {
	local before after what="3 ($3): steered to $2"
	before=$(stats_denied "$STEER" SYS_ADMIN)
	steer_exec "$1" "$2"
	after=$(stats_denied "$STEER" SYS_ADMIN)
	t_grep "$what: the exec'd command is policed (sethostname EPERM)" \
		'^sethostname: EPERM' cat "$SIG/steer-$1.out"
	t_grep "$what: the command stayed in the container's cgroup" \
		"^0::$STEER\$" cat "$SIG/steer-$1.out"
	t_grep "$what: the watcher tried to move runc init before its exec" \
		"^moved [0-9]+ runc:\[2:INIT\] runc:\[2:INIT\] " cat "$SIG/steer-$1.log"
	t_check "$what: every move was refused" \
		sh -c '! grep -q ": ok$" "$1"' _ "$SIG/steer-$1.log"
	t_check "$what: stats -j counts the command's SYS_ADMIN denial against $STEER" \
		test "$after" -gt "$before"
}
steer_check h-root / docker-default
steer_check h-else /elsewhere docker-default
# Moving runc init (it still holds capabilities the container lacks) makes
# the cpuset controller ask for CAP_SYS_NICE, which docker-default denies by
# itself. Allow SYS_NICE, so that only harden's migration rule refuses.
t_check "load docker-nice.conf (Docker's 14 + SYS_NICE)" "$HARDCTL" load "$POL/docker-nice.conf"
steer_check h-nice-root / docker-nice
steer_check h-nice-else /elsewhere docker-nice
t_check "reload docker-default.conf" "$HARDCTL" load "$DEFAULT"
t_log "stats for the steering container: $("$HARDCTL" stats | grep -F "$STEER" | tr -s ' \n' ' ;')"

# ---------------------------------------------------------------------------
# 5: docker exec --privileged into a --network host container, caps all.
t_check "start --network host container 'nethost'" \
	docker run -d --name nethost --network host "${MNT[@]}" "${HCTL_MNT[@]}" "$IMG" sleep 100000
t_expect_output "CONTROL 5: hardctl runs in the container" "<stdin>: OK, 1 group" \
	sh -c 'docker exec -i nethost /ctl/hardctl check - < "$1"' _ "$POL/docker-all.conf"
t_check "load docker-all.conf (caps all)" "$HARDCTL" load "$POL/docker-all.conf"
t_grep "5: docker exec --privileged: hardctl status refused by harden" \
	'Operation not permitted: refused: the caller is inside a policed container' \
	docker exec --privileged nethost /ctl/hardctl status
t_grep "5: docker exec --privileged: hardctl load refused by harden" \
	'Operation not permitted: refused: the caller is inside a policed container' \
	docker exec --privileged nethost /ctl/hardctl load /pol/docker-all.conf
t_expect_errno "5: docker exec --privileged: nlprobe status refused" EPERM \
	docker exec --privileged nethost /probe/nlprobe status
t_expect_errno "5: docker exec --privileged: delete_module(harden) refused" EPERM \
	docker exec --privileged nethost /probe/hprobe delete-module harden
reload_harden

# ---------------------------------------------------------------------------
# 4: policies that match the host admin's own cgroup.
ADMIN_CG=/user.slice/user-0.slice/session-1.scope
t_check "load match-root.conf (match /, Docker's 14 caps)" "$HARDCTL" load "$POL/match-root.conf"
t_check "4: match /: host admin hardctl status" "$HARDCTL" status
t_check "4: match /: host admin hardctl stats" "$HARDCTL" stats
t_check "4: match /: host admin hardctl stats -j" "$HARDCTL" stats -j
t_check "4: match /: host admin hardctl show" "$HARDCTL" show
t_check "4: match /: host admin sethostname" "$PROBE_DIR/hprobe" sethostname harden-vm
t_check "4: match /: host admin in $ADMIN_CG: hardctl status" in_cg "$ADMIN_CG" "$HARDCTL" status
t_check "4: match /: host admin in $ADMIN_CG: sethostname" in_cg "$ADMIN_CG" "$PROBE_DIR/hprobe" sethostname harden-vm
t_expect_errno "4: match /: container (host netns) refused hardctl status" EPERM \
	docker run --rm --privileged --network host "${HCTL_MNT[@]}" "$IMG" /ctl/hardctl status
t_expect_errno "4: match /: container refused delete_module(harden)" EPERM \
	docker run --rm --privileged "${MNT[@]}" "$IMG" /probe/hprobe delete-module harden
t_check "4: match /: host admin can load another policy (match-root-all.conf, caps all)" \
	"$HARDCTL" load "$POL/match-root-all.conf"
t_grep "4: match / caps all: container (host netns) refused hardctl status by harden" \
	'Operation not permitted: refused: the caller is inside a policed container' \
	docker run --rm --privileged --network host "${HCTL_MNT[@]}" "$IMG" /ctl/hardctl status
t_expect_errno "4: match / caps all: container refused delete_module(harden)" EPERM \
	docker run --rm --privileged "${MNT[@]}" "$IMG" /probe/hprobe delete-module harden
t_check "4: match / caps all: harden still loaded" grep -q '^harden ' /proc/modules
t_check "4: match / caps all: host admin hardctl status" "$HARDCTL" status
t_check "4: match / caps all: host admin in $ADMIN_CG: hardctl load match-user.conf" \
	in_cg "$ADMIN_CG" "$HARDCTL" load "$POL/match-user.conf"
t_check "4: match /user.slice/*: host admin in $ADMIN_CG: hardctl status" \
	in_cg "$ADMIN_CG" "$HARDCTL" status
t_check "4: match /user.slice/*: host admin in $ADMIN_CG: sethostname" \
	in_cg "$ADMIN_CG" "$PROBE_DIR/hprobe" sethostname harden-vm
t_check "4: match /user.slice/*: host admin in $ADMIN_CG: hardctl load match-root-all.conf" \
	in_cg "$ADMIN_CG" "$HARDCTL" load "$POL/match-root-all.conf"

docker rm -f pre steer nethost >/dev/null 2>&1
docker_stop
t_check "4: match / caps all: host admin can rmmod harden" rmmod harden
grep -q '^harden ' /proc/modules && rmmod harden 2>/dev/null
t_check "dmesg: no WARNING, BUG or Oops" sh -c '! dmesg | grep -E "WARNING:|BUG:|Oops|Call Trace"'
t_done
