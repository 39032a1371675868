#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 1200
# vm-session: docker
#
# Guest suite: harden's net area with real Docker containers (dockerd
# --icc=true, its default: Docker's own inter-container filter is off, so
# only harden can separate them). One dockerd, containers started once
# before insmod (the load-time scan binds them and claims their network
# namespaces); every probe is netprobe (bind-mounted at /probe) in a
# docker exec, several per exec.
#
#   c1, c2  on docker0; both run a TCP server (5000) and a UDP echo (5001)
#   u1, u2  on a user-defined network (docker network create; IPv6 too
#           when Docker makes it)
#   hn      --network host: servers on 5100 and 5101 in the host's netns
#   na      --cap-add NET_ADMIN: changes its address and retries
#   pr      --privileged --cgroupns=host: moves itself to the root cgroup
#           (netprobe escape), then connects
#
# Phases: control (no module), off (net-docker-off.conf: the docker group
# without net isolate), iso (net-docker.conf: net isolate), peer
# (net-docker-peer.conf: net isolate, net peer docker). Traffic between
# two containers works in control, off and peer and is refused under iso:
# at once with EPERM (connect, sendto of UDP and ICMP), or dropped on
# receipt into hn (net_recv). c2's spoofed source (c1's address) and its
# AF_PACKET socket work in control and off, and are refused whenever the
# group isolates (peer too). pr's move out of its cgroup works without the
# module only (the tamper rule). Counters by /docker/<full id>, exactly.
set -u
. "$TOP/tests/vm/lib.sh"
. "$TOP/tests/vm/docker.sh"

P=/probe/netprobe
NP=$PROBE_DIR/netprobe
ISO=$POL/net-docker.conf
PEER=$POL/net-docker-peer.conf
OFF=$POL/net-docker-off.conf
D=/tmp/netd
mkdir -p "$D"
GW=172.17.0.1	# docker0, the host
LOOP='trap "exit 0" TERM; while :; do sleep 1; done'
SRV="$P tcp-serve :: 5000 & $P udp-recv :: 5001 -e -t 0 & $LOOP"
HSRV="$P tcp-serve :: 5100 & $P udp-recv :: 5101 -e -t 0 & $LOOP"
RUN=(docker run -d -v "$PROBE_DIR:/probe:ro")

cid() { docker inspect -f '{{.Id}}' "$1"; }
ip4() { docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$1"; }
ip6() { docker inspect -f '{{range .NetworkSettings.Networks}}{{.GlobalIPv6Address}}{{end}}' "$1"; }

# --- probes: all of one container's run in one docker exec -----------------
# p_add NAME WANT COMMAND; WANT: ok (exit 0), eperm (exit 1, EPERM),
# none (exit 4: nothing came back). p_run CONTAINER LABEL runs them and
# checks each.
P_NAMES=() P_WANTS=() P_CMDS=()
p_add() { P_NAMES+=("$1"); P_WANTS+=("$2"); P_CMDS+=("$3"); }
p_run() {
	local c=$1 lbl=$2 i s='' out rc msg want
	for i in "${!P_NAMES[@]}"; do
		s+="o=\$(${P_CMDS[i]} 2>&1); r=\$?; echo \"@@ ${P_NAMES[i]} \$r \$o\" | tr '\n' ' '; echo; "
	done
	out=$(docker exec "$c" sh -c "$s" 2>&1)
	for i in "${!P_NAMES[@]}"; do
		rc=$(awk -v n="${P_NAMES[i]}" '$1 == "@@" && $2 == n { print $3; f = 1 } END { if (!f) print "none" }' <<<"$out")
		msg=$(awk -v n="${P_NAMES[i]}" '$1 == "@@" && $2 == n { $1 = $2 = $3 = ""; sub(/^ +/, ""); print }' <<<"$out")
		want=${P_WANTS[i]}
		T_OUT=$out
		case $want:$rc in
		ok:0|none:4) t_pass "$lbl: $c: ${P_NAMES[i]}: $want ($msg)" ;;
		eperm:1)
			if [[ $msg == *EPERM* ]]; then
				t_pass "$lbl: $c: ${P_NAMES[i]}: EPERM ($msg)"
			else
				t_fail "$lbl: $c: ${P_NAMES[i]}" "want EPERM: $msg"; _t_show
			fi ;;
		*) t_fail "$lbl: $c: ${P_NAMES[i]}" "want $want, exit $rc: $msg"; _t_show ;;
		esac
	done
	P_NAMES=() P_WANTS=() P_CMDS=()
}

# --- counters ---------------------------------------------------------------
declare -A EXP
expect() { EXP["$1|$2|$3|$4"]=$(( ${EXP["$1|$2|$3|$4"]:-0} + ${5:-1} )); }
check_counts() {
	local k cg area op det col spec="" c tot
	declare -A TOT=()
	for k in "${!EXP[@]}"; do
		IFS='|' read -r cg op det col <<<"$k"
		area=net
		[ "$op" = cgroup_move ] && area=tamper
		spec+="$1: ${NAME[$cg]} $op $det $col|${EXP[$k]}|$cg|$area|$op|$det|$col"$'\n'
		[ "$area" = net ] && TOT["$cg|$col"]=$(( ${TOT["$cg|$col"]:-0} + EXP[$k] ))
	done
	for c in "${CGS[@]}"; do
		for col in denied audited; do
			tot=${TOT["$c|$col"]:-0}
			spec+="$1: ${NAME[$c]}: $tot net $col in all|$tot|$c|net|*|*|$col"$'\n'
		done
	done
	t_expect_stats <<<"$spec"
}

# --- one phase ----------------------------------------------------------------
# phase LABEL control|off|iso|peer
phase() {
	local l=$1 m=$2 x=ok raw=ok esc=ok rcv=ok p6=ok
	# p6: an ICMPv6 ping socket's sendmsg() ignores the error of
	# ip6_push_pending_frames(): a refused echo is dropped and counted,
	# but no EPERM comes back
	case $m in
	iso) x=eperm raw=eperm esc=eperm rcv=none p6=none ;;
	peer) raw=eperm esc=eperm ;;
	off) esc=eperm ;;
	esac
	# docker0, both ways
	p_add tcp-c1 "$x" "$P tcp-connect $IP_C1 5000"
	p_add udp-c1 "$x" "$P udp-send $IP_C1 5001 -w 3000"
	p_add udp-conn-c1 "$x" "$P udp-send $IP_C1 5001 -c -w 3000"
	p_add ping-c1 "$x" "$P ping $IP_C1"
	p_add rawping-c1 "$x" "$P ping $IP_C1 -r"
	p_add spoof-c1-src "$raw" "$P spoof $IP_C1 $GW 5002"
	p_add own-src-raw ok "$P spoof $IP_C2 $GW 5003"
	p_add packet "$raw" "$P packet"
	p_run c2 "$l"
	p_add tcp-c2 "$x" "$P tcp-connect $IP_C2 5000"
	p_add udp-c2 "$x" "$P udp-send $IP_C2 5001 -w 3000"
	p_add ping-c2 "$x" "$P ping $IP_C2"
	# into the --network host container: TCP refused at connect (the
	# listener is looked up), UDP dropped on receipt
	p_add tcp-hn "$x" "$P tcp-connect $GW 5100"
	p_add udp-hn "$rcv" "$P udp-send $GW 5101 -w 3000"
	p_run c1 "$l"
	p_add tcp-c1 "$x" "$P tcp-connect $IP_C1 5000"
	p_add udp-c1 "$x" "$P udp-send $IP_C1 5001 -w 3000"
	p_add ping-c1 "$x" "$P ping $IP_C1"
	p_add tcp-host "ok" "$P tcp-connect $GW 5000"
	p_run hn "$l"
	# the user-defined network
	p_add tcp-u1 "$x" "$P tcp-connect $IP_U1 5000"
	p_add udp-u1 "$x" "$P udp-send $IP_U1 5001 -w 3000"
	p_add ping-u1 "$x" "$P ping $IP_U1"
	if [ -n "$IP6_U1" ]; then
		p_add tcp6-u1 "$x" "$P tcp-connect $IP6_U1 5000"
		p_add ping6-u1 "$p6" "$P ping $IP6_U1"
		p_add rawping6-u1 "$x" "$P ping $IP6_U1 -r"
	fi
	p_run u2 "$l"
	p_add tcp-u2 "$x" "$P tcp-connect $IP_U2 5000"
	p_run u1 "$l"
	# na: another address, then retry; c1 tries the new one
	p_add chaddr ok "ip addr add $NEW_NA/16 dev eth0 && ip addr del $IP_NA/16 dev eth0 && ip -4 addr show dev eth0 | grep -q $NEW_NA"
	p_add tcp-c1-new-addr "$x" "$P tcp-connect $IP_C1 5000"
	p_run na "$l"
	p_add tcp-na-new-addr "$x" "$P tcp-connect $NEW_NA 5000"
	p_run c1 "$l"
	p_add restore ok "ip addr add $IP_NA/16 dev eth0 && ip addr del $NEW_NA/16 dev eth0"
	p_run na "$l"
	# pr: leave the container's cgroup, then connect
	p_add escape-connect "$x" "$P escape tcp-connect $IP_C1 5000"
	p_run pr "$l"
	if grep -q "escape to the root cgroup: ok" <<<"$T_OUT"; then E=ok; else E=eperm; fi
	t_check "$l: pr's move to the root cgroup: $esc" test "$E" = "$esc"
	# the host always talks to containers
	t_check "$l: host -> c1 TCP" "$NP" tcp-connect "$IP_C1" 5000
	t_check "$l: host -> u1 ping" "$NP" ping "$IP_U1"
}
want_iso() {	# the counters of one iso phase
	expect "$C2" net_connect 6 denied
	expect "$C2" net_connect 17 denied	# connect(2) of a UDP socket
	expect "$C2" net_send 17 denied
	expect "$C2" net_send 1 denied 2
	expect "$C1" net_connect 6 denied 3	# c2, hn (its listener), na's new address
	expect "$C1" net_send 17 denied
	expect "$C1" net_send 1 denied
	expect "$HN" net_recv 17 denied		# c1's datagram, on receipt
	expect "$HN" net_connect 6 denied
	expect "$HN" net_send 17 denied
	expect "$HN" net_send 1 denied
	expect "$U2" net_connect 6 denied
	expect "$U2" net_send 17 denied
	expect "$U2" net_send 1 denied
	if [ -n "$IP6_U1" ]; then
		expect "$U2" net_connect 6 denied
		expect "$U2" net_send 58 denied 2	# ping and raw ping
	fi
	expect "$U1" net_connect 6 denied
	expect "$NA" net_connect 6 denied
	expect "$PR" net_connect 6 denied
}
want_isolating() {	# spoof, packet: whenever the group isolates
	expect "$C2" net_spoof 17 denied
	expect "$C2" net_packet 0 denied
}

# --- setup ---------------------------------------------------------------------

mark() { t_log "[${SECONDS}s] $*"; }
t_check "no harden module loaded" sh -c '! grep -q "^harden " /proc/modules'
t_check "netprobe built" test -x "$NP"
docker_start || { t_fail "dockerd starts"; t_done; }
t_check "import busybox image" docker_import_busybox "$IMG"
t_check "dockerd runs with --icc=true (its default)" sh -c \
	'docker network inspect bridge -f "{{index .Options \"com.docker.network.bridge.enable_icc\"}}" | grep -qx true'
if docker network create --ipv6 --subnet 10.77.0.0/24 --subnet fd77::/64 unet >/dev/null 2>&1; then
	t_pass "docker network create unet (IPv4 and IPv6)"
else
	t_check "docker network create unet (IPv4)" docker network create --subnet 10.77.0.0/24 unet
fi
sysctl -qw net.ipv4.ping_group_range="0 2147483647"	# hn pings from the host's netns
"$NP" tcp-serve :: 5000 </dev/null >"$D/host.log" 2>&1 &
HOSTSRV=$!
mark "dockerd up"
t_check "start c1 (docker0)" "${RUN[@]}" --name c1 "$IMG" sh -c "$SRV"
t_check "start c2 (docker0)" "${RUN[@]}" --name c2 "$IMG" sh -c "$SRV"
t_check "start u1 (unet)" "${RUN[@]}" --name u1 --network unet "$IMG" sh -c "$SRV"
t_check "start u2 (unet)" "${RUN[@]}" --name u2 --network unet "$IMG" sh -c "$SRV"
t_check "start hn (--network host)" "${RUN[@]}" --name hn --network host "$IMG" sh -c "$HSRV"
t_check "start na (--cap-add NET_ADMIN)" "${RUN[@]}" --name na --cap-add NET_ADMIN \
	--sysctl net.ipv4.conf.all.promote_secondaries=1 "$IMG" sh -c "$SRV"
t_check "start pr (--privileged --cgroupns=host)" "${RUN[@]}" --name pr --privileged \
	--cgroupns=host "$IMG" sh -c "$LOOP"
declare -A NAME
CGS=()
for c in c1 c2 u1 u2 hn na pr; do
	cg=/docker/$(cid "$c")
	printf -v "${c^^}" %s "$cg"
	NAME[$cg]=$c
	CGS+=("$cg")
done
IP_C1=$(ip4 c1) IP_C2=$(ip4 c2) IP_U1=$(ip4 u1) IP_U2=$(ip4 u2) IP_NA=$(ip4 na)
IP6_U1=$(ip6 u1)
NEW_NA=172.17.0.250
t_log "c1 $IP_C1, c2 $IP_C2, u1 $IP_U1 ${IP6_U1:-(no IPv6)}, u2 $IP_U2, na $IP_NA -> $NEW_NA"
t_check "servers up in c1, c2, u1, u2, na, hn" sh -c '
	for i in $(seq 100); do
		"$0" tcp-connect "$1" 5000 >/dev/null && "$0" tcp-connect "$2" 5000 >/dev/null &&
		"$0" tcp-connect "$3" 5000 >/dev/null && "$0" tcp-connect "$4" 5000 >/dev/null &&
		"$0" tcp-connect "$5" 5000 >/dev/null && "$0" tcp-connect 127.0.0.1 5100 >/dev/null && exit 0
		sleep 0.5
	done; exit 1' "$NP" "$IP_C1" "$IP_C2" "$IP_U1" "$IP_U2" "$IP_NA"
if [ -n "$IP6_U1" ]; then
	# Docker's IPv6 addresses may still be tentative (DAD) for a moment.
	for i in $(seq 20); do "$NP" tcp-connect "$IP6_U1" 5000 >/dev/null && break; sleep 0.5; done
fi
mark "containers up"

# --- control: no module ---------------------------------------------------------

# The control phase sends the spoof last; on the debug kernel (KASAN, TCG)
# the phase can take longer than 20 s.
SPOOF_MS=20000
[ "${HARDEN_DEBUG:-0}" = 1 ] && SPOOF_MS=120000
"$NP" udp-recv "$GW" 5002 -t "$SPOOF_MS" >"$D/spoof.log" 2>&1 &
SPOOF=$!
phase control control
wait "$SPOOF"
t_check "control: c2's datagram with c1's source reached the host" grep -q "\"spoof\" from $IP_C1:" "$D/spoof.log"
t_log "$(cat "$D/spoof.log")"
mark "control done"

# --- off: the module, no isolation ---------------------------------------------------

t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "load net-docker-off.conf" "$HARDCTL" load "$OFF"
phase off off
expect "$PR" cgroup_move '*' denied
check_counts off
mark "off done"

# --- iso: net isolate --------------------------------------------------------------------

t_check "hardctl check net-docker.conf" "$HARDCTL" check "$ISO"
t_check "load net-docker.conf" "$HARDCTL" load "$ISO"
"$HARDCTL" monitor -j >"$D/mon.json" 2>"$D/mon.err" &
MON=$!
"$NP" udp-recv "$GW" 5002 -t 20000 >"$D/spoof.log" 2>&1 &
SPOOF=$!
phase iso iso
wait "$SPOOF"
t_check "iso: c2's spoofed datagram never reached the host" grep -q timeout "$D/spoof.log"
want_iso
want_isolating
expect "$PR" cgroup_move '*' denied
check_counts iso
t_log "counters: $(t_stat_rows "${CGS[@]}" | tr '\n' ';')"
sleep 1
t_check "event: c2's connect to c1 names c1 and its group" python3 - "$D/mon.json" "$C2" "$C1" "$IP_C1" <<'EOF'
import json, sys, time
f, cg, tcg, ip = sys.argv[1:]
for _ in range(20):
    for line in open(f, encoding="utf-8", errors="replace"):
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if e.get("cgroup") == cg and e.get("op") == "net_connect":
            print(line.strip())
            ok = (e.get("target_cgroup") == tcg and e.get("target_group") == "docker"
                  and e.get("object") == ip + ":5000")
            sys.exit(0 if ok else "want target_cgroup %s, target_group docker, object %s:5000" % (tcg, ip))
    time.sleep(0.5)
sys.exit("no net_connect event of " + cg)
EOF
kill "$MON" 2>/dev/null
wait "$MON" 2>/dev/null
mark "iso done"

# --- peer: net peer docker -----------------------------------------------------------------

t_check "load net-docker-peer.conf" "$HARDCTL" load "$PEER"
phase peer peer
want_isolating
expect "$PR" cgroup_move '*' denied
check_counts peer
mark "peer done"

# --- a container started after the load ------------------------------------------------------

t_check "load net-docker.conf again" "$HARDCTL" load "$ISO"
t_check "start c3 (docker0) after the load" "${RUN[@]}" --name c3 "$IMG" sh -c "$SRV"
C3=/docker/$(cid c3) IP_C3=$(ip4 c3)
t_check "c3's server is up (the host connects)" sh -c \
	'for i in $(seq 60); do "$0" tcp-connect "$1" 5000 >/dev/null && exit 0; sleep 0.5; done; exit 1' "$NP" "$IP_C3"
t_expect_errno "c3 -> c1 refused" EPERM docker exec c3 "$P" tcp-connect "$IP_C1" 5000
t_expect_errno "c1 -> c3 refused" EPERM docker exec c1 "$P" tcp-connect "$IP_C3" 5000
t_expect_stats <<EOF
c3: its connect to c1 counted|1|$C3|net|net_connect|6|denied
EOF

docker rm -f c1 c2 c3 u1 u2 hn na pr >/dev/null 2>&1
docker_stop
kill "$HOSTSRV" 2>/dev/null
t_check "rmmod harden" rmmod harden
t_done
