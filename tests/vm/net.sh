#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 1200
#
# Guest suite: harden's net area (net isolate, net peer) in plain cgroups,
# no Docker, with tests/vm/policies/net-test.conf (and net-noiso.conf: the
# same groups, none isolated, as the control with the module loaded).
#
# Topology: a bridge br0 in the root netns (10.9.0.1/24, fd09::1/64, the
# host) and one netns per "container", joined to br0 by a veth pair, with
# 10.9.0.N and fd09::N (nodad). Every container process is a netprobe box:
# it joins the container's cgroup and netns, unshares its mount namespace
# and execs the probe, so harden binds it there. Each container runs a TCP
# server (port 5000, answers "got N") and a UDP echo server (5001), both on
# "::" (IPv4 too); so does the host, unbound.
#
#   who  netns  cgroup      N   group (net-test.conf)
#   a1   na     /iso1/a     11  iso1: isolate
#   b1   nb     /iso1/b     12  iso1
#   a2   nc     /iso2/a     13  iso2: isolate
#   pa   npa    /pa/x       14  pa: isolate, peer pb
#   pb   npb    /pb/x       15  pb: isolate, peer pa
#   one  none   /one/x      16  one: isolate, peer pa (pa does not list it)
#   sa   nsa    /self/a     17  self: isolate, peer self
#   sb   nsb    /self/b     18  self
#   fa   nfa    /free/a     19  free: net allow
#   fb   nfb    /free/b     20  free
#   au   nau    /aud/x      21  aud: isolate, mode audit
#   out  nout   /outside/x  30  (no group: the outside world)
#   host root   /           1   (unbound)
#   h1   root   /iso1/h     1   iso1, in the host's netns (--network host)
#
# The matrix (TCP connect + answer, UDP send + echo, ping over a ping
# socket and over a raw socket; IPv4 and IPv6) runs three times: without
# the module (control: everything works), under net-noiso.conf (everything
# works, nothing counted) and under net-test.conf, where every refused
# probe fails at once with EPERM (connect: net_connect; UDP and ICMP
# sendto: net_send; an ICMPv6 ping socket's echo request is dropped
# without an error: the kernel ignores it) and is counted exactly once against the isolating end
# whose rule it breaks (the sender's when both isolate), detail the IP
# protocol. Then: same-netns traffic, an address change, spoofed sources,
# AF_PACKET, a container in the host's netns (its incoming traffic is
# dropped on receipt: net_recv), the tamper rule, and a 10 s stream.
set -u
. "$TOP/tests/vm/lib.sh"

NP=$TOP/build/bin/netprobe
POLF=$TOP/tests/vm/policies/net-test.conf
NOISO=$TOP/tests/vm/policies/net-noiso.conf
D=/tmp/net
mkdir -p "$D"
TMO_OK=5000	# ms: an allowed probe's answer (TCG is slow)
TMO_NO=2000	# ms: where nothing should arrive

declare -A NS CG NUM GRP
ALL=()
for c in a1:na:/iso1/a:11:iso1 b1:nb:/iso1/b:12:iso1 a2:nc:/iso2/a:13:iso2 \
	 pa:npa:/pa/x:14:pa pb:npb:/pb/x:15:pb one:none:/one/x:16:one \
	 sa:nsa:/self/a:17:self sb:nsb:/self/b:18:self fa:nfa:/free/a:19:free \
	 fb:nfb:/free/b:20:free au:nau:/aud/x:21:aud out:nout:/outside/x:30:-; do
	IFS=: read -r w n g k grp <<<"$c"
	NS[$w]=$n CG[$w]=$g NUM[$w]=$k GRP[$w]=$grp
	ALL+=("$w")
done
NUM[host]=1 GRP[host]=- CG[host]=/
NUM[h1]=1 GRP[h1]=iso1 CG[h1]=/iso1/h
# net-test.conf in shell: isolating groups, their peers, audit groups
declare -A ISO=([iso1]=1 [iso2]=1 [pa]=1 [pb]=1 [one]=1 [self]=1 [aud]=1)
declare -A PEERS=([pa]=" pb " [pb]=" pa " [one]=" pa " [self]=" self ")
declare -A AUDIT=([aud]=1)
declare -A DET=([tcp]=6 [udp]=17 [ping]=1 [rping]=1)
declare -A DET6=([tcp]=6 [udp]=17 [ping]=58 [rping]=58)

addr() {	# addr WHO 4|6
	if [ "$2" = 4 ]; then echo "10.9.0.${NUM[$1]}"; else echo "fd09::${NUM[$1]}"; fi
}
# from WHO: FROM=(the command prefix that runs netprobe as WHO); every
# probe's own timeouts are short, timeout(1) only guards the suite
from() {
	case $1 in
	host) FROM=(timeout 60 "$NP") ;;
	h1) FROM=(timeout 60 "$NP" box "${CG[h1]}") ;;
	*) FROM=(timeout 60 "$NP" box -n "${NS[$1]}" "${CG[$1]}") ;;
	esac
}

# t_expect_rc NAME RC CMD...: CMD exits RC (netprobe: 4 timeout)
t_expect_rc() {
	local name=$1 want=$2; shift 2
	_t_run "$@"
	if [ "$T_RC" = "$want" ]; then
		t_pass "$name"
	else
		t_fail "$name" "'$*' exited $T_RC, want $want"
		_t_show
	fi
}

# --- counters ---------------------------------------------------------------
# EXP["CG|OP|DET|COL"]: what the probes so far should have counted
declare -A EXP
expect() { EXP["$1|$2|$3|$4"]=$(( ${EXP["$1|$2|$3|$4"]:-0} + 1 )); }
# check_counts LABEL: every expected counter exactly, and per cgroup no
# other net counter in either column
check_counts() {
	local k cg op det col spec="" c tot
	declare -A TOT=()
	for k in "${!EXP[@]}"; do
		IFS='|' read -r cg op det col <<<"$k"
		spec+="$1: $cg $op $det $col|${EXP[$k]}|$cg|net|$op|$det|$col"$'\n'
		TOT["$cg|$col"]=$(( ${TOT["$cg|$col"]:-0} + EXP[$k] ))
	done
	for c in "${ALL[@]}" h1; do
		for col in denied audited; do
			# audit mode counts every packet: checked on its own
			[ "$c" = au ] && [ "$col" = audited ] && continue
			tot=${TOT["${CG[$c]}|$col"]:-0}
			spec+="$1: ${CG[$c]}: $tot net $col in all|$tot|${CG[$c]}|net|*|*|$col"$'\n'
		done
	done
	t_expect_stats <<<"$spec"
}

# --- topology -------------------------------------------------------------------

setup_net() {
	local w n
	sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0 \
		net.ipv4.ping_group_range="0 2147483647" || return 1
	ip link add br0 type bridge || return 1
	ip link set br0 up
	ip addr add 10.9.0.1/24 dev br0
	ip -6 addr add fd09::1/64 dev br0 nodad
	for w in "${ALL[@]}"; do
		n=${NS[$w]}
		ip netns add "$n" || return 1
		# promote_secondaries: an address change (add, then delete the
		# primary) keeps the new one
		ip netns exec "$n" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.accept_dad=0 net.ipv4.ping_group_range="0 2147483647" \
			net.ipv4.conf.all.promote_secondaries=1 || return 1
		ip link add "v-$n" type veth peer name eth0 netns "$n" || return 1
		ip link set "v-$n" master br0 up
		ip -n "$n" link set lo up
		ip -n "$n" link set eth0 up
		ip -n "$n" addr add "$(addr "$w" 4)/24" dev eth0
		ip -n "$n" -6 addr add "$(addr "$w" 6)/64" dev eth0 nodad || return 1
	done
	# Permanent neighbours between the containers: no neighbour discovery
	# (kernel ICMPv6 a container's namespace sends, which harden checks
	# like any packet: NUD probes and advertisements between isolated
	# containers would be dropped and counted, at times of the kernel's
	# choosing) blurs the exact counters.
	local mac k x
	declare -A MAC
	for w in "${ALL[@]}"; do
		MAC[$w]=$(ip -n "${NS[$w]}" -o link show eth0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
	done
	for w in "${ALL[@]}"; do
		for x in "${ALL[@]}"; do
			[ "$x" = "$w" ] && continue
			mac=${MAC[$x]}
			for k in "${NUM[$x]}" $((NUM[$x] + 100)); do
				echo "neigh replace 10.9.0.$k lladdr $mac dev eth0 nud permanent"
				echo "neigh replace fd09::$k lladdr $mac dev eth0 nud permanent"
			done
		done | ip -n "${NS[$w]}" -batch - || return 1
	done
}

# Servers: TCP on 5000, UDP echo on 5001 in every container and the host;
# h1 (in the host's netns) on 5100 and 5101.
SRV_PIDS=()
start_server() {	# LOG CMD...
	local log=$1; shift
	rm -f "$D/$log.ready"
	shift 2	# not under timeout(1)
	"$@" -r "$D/$log.ready" >"$D/$log.log" 2>&1 </dev/null &
	SRV_PIDS+=($!)
}
start_servers() {
	local w
	for w in host "${ALL[@]}"; do
		from "$w"
		start_server "$w.tcp" "${FROM[@]}" tcp-serve :: 5000
		start_server "$w.udp" "${FROM[@]}" udp-recv :: 5001 -e -t 0
	done
	from h1
	start_server h1.tcp "${FROM[@]}" tcp-serve :: 5100
	start_server h1.udp "${FROM[@]}" udp-recv :: 5101 -e -t 0
}
start_servers_wait() {
	local i n
	for ((i = 0; i < 600; i++)); do
		n=$(ls "$D"/*.ready 2>/dev/null | wc -l)
		[ "$n" -ge $((2 * ${#ALL[@]} + 4)) ] && return 0
		sleep 0.2
	done
	echo "only $n servers ready"
	return 1
}
# servers_up LABEL: start_servers as one check (not in t_check's subshell:
# SRV_PIDS must be kept here, the servers be our children)
servers_up() {
	local out
	start_servers
	if out=$(start_servers_wait); then
		t_pass "$1"
	else
		t_fail "$1" "$out"
	fi
}
stop_servers() {
	[ "${#SRV_PIDS[@]}" -gt 0 ] && kill "${SRV_PIDS[@]}" 2>/dev/null
	wait "${SRV_PIDS[@]}" 2>/dev/null
	SRV_PIDS=()
	rm -f "$D"/*.ready
}

# --- the matrix -------------------------------------------------------------------

# verdict FROM TO: V = ok | deny | audit, VCG = the cgroup it is counted on
verdict() {
	local f=${GRP[$1]} t=${GRP[$2]} sb=0 rb=0
	V=ok VCG=
	[ "$f" = - ] || [ "$t" = - ] && return
	[ -n "${ISO[$f]:-}" ] && [[ "${PEERS[$f]:-}" != *" $t "* ]] && sb=1
	[ -n "${ISO[$t]:-}" ] && [[ "${PEERS[$t]:-}" != *" $f "* ]] && rb=1
	if ((sb)); then
		VCG=${CG[$1]}
		if [ -n "${AUDIT[$f]:-}" ]; then V=audit; else V=deny; fi
	elif ((rb)); then
		VCG=${CG[$2]}
		if [ -n "${AUDIT[$t]:-}" ]; then V=audit; else V=deny; fi
	fi
}

# probe MODE FROM TO PROTO FAM: one probe; MODE control|noiso|enforce
probe() {
	local mode=$1 f=$2 t=$3 p=$4 fam=$5 a tmo act lbl op det
	a=$(addr "$t" "$fam")
	V=ok
	[ "$mode" = enforce ] && verdict "$f" "$t"
	tmo=$TMO_OK
	[ "$V" = deny ] && tmo=$TMO_NO
	case $p in
	tcp) act=(tcp-connect "$a" 5000 "$tmo"); op=net_connect ;;
	udp) act=(udp-send "$a" 5001 -w "$tmo"); op=net_send ;;
	ping) act=(ping "$a" -t "$tmo"); op=net_send ;;
	rping) act=(ping "$a" -r -t "$tmo"); op=net_send ;;
	esac
	det=${DET[$p]}
	[ "$fam" = 6 ] && det=${DET6[$p]}
	from "$f"
	lbl="$mode: $f -> $t $p/v$fam"
	case $V in
	deny)
		if [ "$p" = ping ] && [ "$fam" = 6 ]; then
			# An ICMPv6 ping socket's sendmsg() drops the error of
			# ip6_push_pending_frames() (icmpv6_push_pending_frames()
			# returns void): dropped and counted, but no EPERM.
			t_expect_rc "$lbl dropped (no answer; the kernel hides EPERM)" 4 \
				"${FROM[@]}" "${act[@]}"
		else
			t_expect_errno "$lbl refused" EPERM "${FROM[@]}" "${act[@]}"
		fi
		expect "$VCG" "$op" "$det" denied ;;
	audit)
		t_check "$lbl allowed (audit)" "${FROM[@]}" "${act[@]}" ;;
	ok)
		t_check "$lbl works" "${FROM[@]}" "${act[@]}" ;;
	esac
}

# shellcheck disable=SC2034 # used through ${!set}
FULL="tcp/4 udp/4 ping/4 rping/4 tcp/6 udp/6 ping/6 rping/6"
# shellcheck disable=SC2034
SHORT="tcp/4 udp/4 ping/4 tcp/6 ping/6"
# PAIRS: "A B SET": every probe of SET from A to B and from B to A
PAIRS=(
	"a1 a2 FULL"	# two isolated groups
	"a1 b1 SHORT"	# two containers of one isolated group (no self peer)
	"sa sb SHORT"	# two containers of a group that peers itself
	"pa pb SHORT"	# peers of each other
	"one pa SHORT"	# one lists pa, pa does not list one
	"sa a1 SHORT"	# self-peering group and another isolated one
	"fa fb SHORT"	# two containers of a net allow group
	"fa a1 SHORT"	# net allow and isolated
	"host a1 SHORT"	# the host
	"out a1 SHORT"	# the outside world (a netns no group matches)
	"au fa SHORT"	# audit
)
matrix() {
	local mode=$1 pr a b set x
	for pr in "${PAIRS[@]}"; do
		read -r a b set <<<"$pr"
		t_log "[${SECONDS}s] $mode: $a <-> $b"
		for x in ${!set}; do
			probe "$mode" "$a" "$b" "${x%/*}" "${x#*/}"
			probe "$mode" "$b" "$a" "${x%/*}" "${x#*/}"
		done
	done
}

# recv_check LABEL got|none RECV_WHO RECV_ARGS -- SEND_WHO SEND_ARGS: a one-shot
# udp-recv, then the sender; checks what the receiver saw (not the sender)
recv_check() {
	local lbl=$1 want=$2 rw=$3 rargs=() sw sargs=() pid rc
	shift 3
	while [ "$1" != -- ]; do rargs+=("$1"); shift; done
	shift
	sw=$1; shift
	sargs=("$@")
	rm -f "$D/rc.rdy"
	from "$rw"
	"${FROM[@]}" udp-recv "${rargs[@]}" -n 1 -t 4000 -r "$D/rc.rdy" >"$D/rc.log" 2>&1 &
	pid=$!
	for ((i = 0; i < 50; i++)); do [ -e "$D/rc.rdy" ] && break; sleep 0.1; done
	from "$sw"
	"${FROM[@]}" "${sargs[@]}" >"$D/rc.send" 2>&1
	wait "$pid"
	rc=$?
	T_OUT="sender: $(cat "$D/rc.send"); receiver: $(cat "$D/rc.log")"
	if { [ "$want" = got ] && [ "$rc" = 0 ]; } || { [ "$want" = none ] && [ "$rc" = 4 ]; }; then
		t_pass "$lbl ($T_OUT)"
	else
		t_fail "$lbl" "receiver exited $rc, want $want"
		_t_show
	fi
}

# --- setup ---------------------------------------------------------------------------

mark() { t_log "[${SECONDS}s] $*"; }
t_check "no harden module loaded" sh -c '! grep -q "^harden " /proc/modules'
t_check "netprobe built" test -x "$NP"
t_check "topology: br0, ${#ALL[@]} netns with veths, IPv4 and IPv6" setup_net
servers_up "servers up (TCP 5000, UDP 5001 in each; h1 5100, 5101)"
mark "topology up"

# --- control: no module --------------------------------------------------------------

matrix control
t_check "control: a1 opens an AF_PACKET socket" "$NP" box -n na /iso1/a packet
recv_check "control: a1's spoofed source (a2's 10.9.0.13) reaches the host" got \
	host 10.9.0.1 5002 -- a1 spoof 10.9.0.13 10.9.0.1 5002
recv_check "control: a1's spoofed source (fd09::13) reaches the host over IPv6" got \
	host fd09::1 5002 -- a1 spoof fd09::13 fd09::1 5002
t_check "control: a2 -> h1 (a container in the host's netns): TCP works" \
	"$NP" box -n nc /iso2/a tcp-connect 10.9.0.1 5100 "$TMO_OK"
recv_check "control: a2 -> h1: UDP arrives" got h1 :: 5102 -- a2 udp-send 10.9.0.1 5102
mkdir -p /sys/fs/cgroup/iso1/esc
t_check "control: a1 moves itself to the root cgroup, then connects to a2" sh -c \
	'out=$("$@" 2>&1); rc=$?; echo "$out"; [ $rc = 0 ] && echo "$out" | grep -q "escape to the root cgroup: ok"' \
	sh "$NP" box -n na /iso1/esc escape tcp-connect 10.9.0.13 5000 "$TMO_OK"
mark "control done"

# --- with the module, no isolation ---------------------------------------------------

t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "load net-noiso.conf" "$HARDCTL" load "$NOISO"
stop_servers
servers_up "servers restarted"
matrix noiso
t_check "noiso: fa opens an AF_PACKET socket" "$NP" box -n nfa /free/a packet
t_expect_stats <<EOF
noiso: nothing denied|0|/iso1/a|*|*|*|denied
noiso: nothing counted on a2|0|/iso2/a|*|*|*|denied
noiso: nothing audited on au|0|/aud/x|*|*|*|audited
EOF
mark "noiso done"

# --- net-test.conf ---------------------------------------------------------------------

t_check "hardctl check net-test.conf" "$HARDCTL" check "$POLF"
t_check "load net-test.conf" "$HARDCTL" load "$POLF"
t_check "show lists net isolate and net peer" sh -c \
	'"$HARDCTL" show > /tmp/net-show && grep -q "net isolate" /tmp/net-show &&
	 grep -q "net peer pb" /tmp/net-show && grep -q "net peer self" /tmp/net-show'
t_expect_output "show round-trips through check" "<stdin>: OK, 8 groups" \
	sh -c '"$HARDCTL" show | "$HARDCTL" check -'
"$HARDCTL" monitor -j >"$D/mon.json" 2>"$D/mon.err" &
MON=$!
stop_servers
servers_up "servers restarted under net-test.conf"
matrix enforce
check_counts "enforce matrix"
t_log "ICMPv6 sends counted without a task (kernel-made or a peer's): $(python3 -c '
import json, sys
for line in open(sys.argv[1], errors="replace"):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("op") == "net_send" and e.get("detail") == "icmpv6" and e.get("pid") is None:
        print("%s object=%s target=%s" % (e.get("cgroup"), e.get("object"), e.get("target_cgroup")), end="; ")
' "$D/mon.json")"
n=$(t_stat /aud/x net '*' '*' audited)
t_check "audit: au's traffic with fa counted as audited ($n)" test "$n" -ge 1 2>/dev/null
t_log "au counters: $(t_stat_rows /aud/x | tr '\n' ';')"
mark "enforce matrix done"

# Same netns: a process of another isolated group (/iso2/s) in a1's netns.
for x in "tcp-connect 10.9.0.11 5000" "tcp-connect 127.0.0.1 5000" "tcp-connect fd09::11 5000" \
	 "tcp-connect ::1 5000" "udp-send 10.9.0.11 5001 -w $TMO_OK" "ping 10.9.0.11" "ping fd09::11"; do
	# shellcheck disable=SC2086
	t_check "same netns: /iso2/s in na -> a1: $x" "$NP" box -n na /iso2/s $x
done
t_expect_stats <<EOF
same netns: nothing counted on /iso2/s|0|/iso2/s|*|*|*|denied
EOF

# A container changes its addresses and retries: identity is its sockets'.
chaddr() {	# chaddr NETNS OLD NEW
	ip -n "$1" addr add "10.9.0.$3/24" dev eth0 &&
	ip -n "$1" -6 addr add "fd09::$3/64" dev eth0 nodad &&
	ip -n "$1" addr del "10.9.0.$2/24" dev eth0 &&
	ip -n "$1" -6 addr del "fd09::$2/64" dev eth0
}
t_check "a1 changes its addresses: 10.9.0.11 -> .111, fd09::11 -> ::111" chaddr na 11 111
NUM[a1]=111
t_check "host -> a1's new address works" "$NP" tcp-connect 10.9.0.111 5000 "$TMO_OK"
t_check "host -> a1's new IPv6 address works" "$NP" tcp-connect fd09::111 5000 "$TMO_OK"
for x in tcp/4 udp/4 tcp/6 ping/4; do
	probe enforce a1 a2 "${x%/*}" "${x#*/}"
	probe enforce a2 a1 "${x%/*}" "${x#*/}"
done
t_check "a1's addresses back" chaddr na 111 11
NUM[a1]=11
check_counts "after the address change"
mark "address change done"

# Spoofed sources (IP_HDRINCL): EPERM, net_spoof, from an isolating group;
# a free group's spoof passes (the control), so does a1's own source.
t_expect_errno "a1 sends with a2's source 10.9.0.13 to the host: refused" EPERM \
	"$NP" box -n na /iso1/a spoof 10.9.0.13 10.9.0.1 5002
expect /iso1/a net_spoof 17 denied
t_expect_errno "a1 sends with source fd09::13 to the host: refused" EPERM \
	"$NP" box -n na /iso1/a spoof fd09::13 fd09::1 5002
expect /iso1/a net_spoof 17 denied
t_expect_errno "a1 sends with the host's source 10.9.0.1 to a2: refused" EPERM \
	"$NP" box -n na /iso1/a spoof 10.9.0.1 10.9.0.13 5002
expect /iso1/a net_spoof 17 denied
recv_check "a1's raw send with its own source reaches the host" got \
	host 10.9.0.1 5003 -- a1 spoof 10.9.0.11 10.9.0.1 5003
recv_check "fa (net allow) spoofing a2's source reaches the host (control)" got \
	host 10.9.0.1 5004 -- fa spoof 10.9.0.13 10.9.0.1 5004
recv_check "a1 spoofing: the host got nothing" none \
	host 10.9.0.1 5005 -- a1 spoof 10.9.0.13 10.9.0.1 5005
expect /iso1/a net_spoof 17 denied

# AF_PACKET: refused to an isolating group only.
t_expect_errno "a1 may not open an AF_PACKET socket" EPERM "$NP" box -n na /iso1/a packet
expect /iso1/a net_packet 0 denied
t_check "fa (net allow) opens an AF_PACKET socket" "$NP" box -n nfa /free/a packet
t_check "au (audit) opens an AF_PACKET socket" "$NP" box -n nau /aud/x packet
expect /aud/x net_packet 0 audited
check_counts "spoof and packet"
mark "spoof and packet done"

# h1: an iso1 container in the host's netns. Traffic into it is checked on
# receipt only: a2's connect times out, its UDP is dropped at h1's socket.
# connect(2) looks the host netns's listener up: EPERM at once, not a
# timeout. UDP is dropped on receipt at h1's socket (net_recv, counted on
# the receiver, whose rule breaks).
t_expect_errno "a2 -> h1 TCP: refused at connect (h1's listener looked up)" EPERM \
	"$NP" box -n nc /iso2/a tcp-connect 10.9.0.1 5100 "$TMO_NO"
expect /iso2/a net_connect 6 denied
recv_check "a2 -> h1 UDP: h1 gets nothing" none h1 :: 5102 -- a2 udp-send 10.9.0.1 5102
expect /iso1/h net_recv 17 denied
t_expect_errno "h1 -> a2 TCP: refused at connect" EPERM \
	"$NP" box /iso1/h tcp-connect 10.9.0.13 5000 "$TMO_NO"
expect /iso1/h net_connect 6 denied
t_expect_errno "h1 -> a2 UDP: refused at send" EPERM \
	"$NP" box /iso1/h udp-send 10.9.0.13 5001
expect /iso1/h net_send 17 denied
t_check "host -> h1 TCP works" "$NP" tcp-connect 10.9.0.1 5100 "$TMO_OK"
recv_check "host -> h1 UDP arrives" got h1 :: 5102 -- host udp-send 10.9.0.1 5102
t_check "h1 -> the host's server (same netns) works" "$NP" box /iso1/h tcp-connect 10.9.0.1 5000 "$TMO_OK"
t_expect_errno "fa (net allow) -> h1 TCP: refused (h1 isolates)" EPERM \
	"$NP" box -n nfa /free/a tcp-connect 10.9.0.1 5100 "$TMO_NO"
expect /iso1/h net_connect 6 denied
check_counts "host-netns container"
mark "host-netns container done"

# Tamper: a container task may not leave its cgroup; its connect stays refused.
t_check "a1 may not move itself to the root cgroup, and stays refused" sh -c \
	'out=$("$@" 2>&1); echo "$out"
	 echo "$out" | grep -q "escape to the root cgroup: EPERM" &&
	 echo "$out" | grep -q "tcp-connect 10.9.0.13:5000: EPERM"' \
	sh "$NP" box -n na /iso1/esc escape tcp-connect 10.9.0.13 5000 "$TMO_NO"
expect /iso1/esc net_connect 6 denied
t_expect_stats <<EOF
tamper: the move counted|1|/iso1/esc|tamper|cgroup_move|*|denied
tamper: the connect counted|1|/iso1/esc|net|net_connect|6|denied
EOF

# Throughput sanity: 10 s between peers.
t_check "stream pa -> pb, 10 s: no errors" "$NP" box -n npa /pa/x stream 10.9.0.15 5000 10
t_log "$T_OUT"
t_check "stream pa -> pb over IPv6, 10 s: no errors" "$NP" box -n npa /pa/x stream fd09::15 5000 10
t_log "$T_OUT"
mark "stream done"

# One event names the target.
sleep 1
t_check "event: a2's connect to a1 with the target's group and address" python3 - "$D/mon.json" <<'EOF'
import json, sys, time
for _ in range(20):
    for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if e.get("cgroup") == "/iso2/a" and e.get("op") == "net_connect":
            print(line.strip())
            ok = (e.get("target_cgroup") == "/iso1/a" and e.get("target_group") == "iso1"
                  and str(e.get("object", "")).startswith(("10.9.0.11:5000", "[fd09::11]:5000")))
            sys.exit(0 if ok else "want target_cgroup /iso1/a, target_group iso1, object 10.9.0.11:5000")
    time.sleep(0.5)
sys.exit("no net_connect event of /iso2/a")
EOF
kill "$MON" 2>/dev/null
wait "$MON" 2>/dev/null

# --- unload ------------------------------------------------------------------------------
t_check "rmmod harden" rmmod harden
t_check "after rmmod: a1 -> a2 works again" "$NP" box -n na /iso1/a tcp-connect 10.9.0.13 5000 "$TMO_OK"
stop_servers
t_done
