#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/net-guest.sh: runs inside the VM (bench/guest.sh runs it; see
# bench/run). The cost of the net area: a TCP_RR-style request/response
# rate and a UDP ping-pong (bench/netbench.c) between two "containers",
# each a network namespace joined to the other by a veth pair and a task
# bound to a cgroup under /docker (like bench/guest.sh's container task).
# Measured without the module, then with it in several situations, all in
# this one boot; prints ns per round trip and ratios to the baseline.
set -u
# From tmpfs: exec'ing from the 9p root would time 9p I/O, not the kernel.
cp "$TOP/build/bin/netbench" /tmp/netbench || exit 1
B=/tmp/netbench
cd /tmp || exit 1
CG=/sys/fs/cgroup
R=${BENCH_ROUNDS:-3}
declare -A N=([tcp]=20000 [udp]=20000)
PROTOS="tcp udp"
SRV=10.77.0.1
PORT=7000

fail() { echo "net-guest: $*" >&2; exit 1; }

# Two network namespaces, one veth pair between them. No IPv6 (its
# router solicitations and DAD timers would fire at random points of a
# run) and permanent neighbours (no ARP probes mid-run): the only
# packets are the benchmark's.
modprobe veth || fail "modprobe veth"
for ns in nbsrv nbcli; do
	ip netns add "$ns" || fail "ip netns add $ns"
	ip netns exec "$ns" sh -c 'echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6 &&
		echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6' || fail "disable ipv6 in $ns"
	ip -n "$ns" link set lo up
done
ip link add veth-srv netns nbsrv address 02:00:0a:4d:00:01 type veth \
	peer name veth-cli netns nbcli address 02:00:0a:4d:00:02 || fail "ip link add veth"
ip -n nbsrv addr add $SRV/24 dev veth-srv
ip -n nbcli addr add 10.77.0.2/24 dev veth-cli
ip -n nbsrv link set veth-srv up
ip -n nbcli link set veth-cli up
ip -n nbsrv neigh replace 10.77.0.2 lladdr 02:00:0a:4d:00:02 dev veth-srv nud permanent
ip -n nbcli neigh replace $SRV lladdr 02:00:0a:4d:00:01 dev veth-cli nud permanent
mkdir -p "$CG/docker/nbsrv" "$CG/docker/nbcli"

# Runs "$@" in cgroup $1 and network namespace $2, bound: the exec of
# netbench happens in a new mount namespace (unshare -m), which binds it to
# the cgroup (and, after the module loads, makes that cgroup the network
# namespace's owner: the first bound task that runs in it).
inbox() {
	sh -c 'cg=$0 ns=$1; shift; echo $$ > "$cg/cgroup.procs" &&
		exec nsenter --net="$ns" unshare -m "$@"' "$CG$1" "/run/netns/$2" "${@:3}"
}

# One run: server in /docker/nbsrv (netns nbsrv), client in /docker/nbcli
# (netns nbcli). Prints the client's line: "proto N ns/rt out/rt in/rt".
run1() {
	local p=$1 spid ready line
	rm -f /tmp/nb.ready && mkfifo /tmp/nb.ready || return 1
	inbox /docker/nbsrv nbsrv "$B" server "$p" "$PORT" >/tmp/nb.ready &
	spid=$!
	read -r ready </tmp/nb.ready
	if [ "$ready" != ready ]; then
		wait "$spid"
		return 1
	fi
	line=$(inbox /docker/nbcli nbcli "$B" client "$p" "$SRV" "$PORT" "${N[$p]}") || {
		kill "$spid" 2>/dev/null
		wait "$spid"
		return 1
	}
	wait "$spid" || return 1
	echo "$line"
}

# Best of $R runs: "ns/rt out/rt in/rt" of the fastest.
measure() {
	local p=$1 best= bestline= line v out in i
	for i in $(seq "$R"); do
		line=$(run1 "$p") || fail "$p run failed ($2)"
		read -r _ _ v out in <<<"$line"
		echo "$p $2: round $i: $v ns/rt, out in $out $in" >>/tmp/net-rounds
		if [ -z "$best" ] || awk -v a="$v" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$v
			bestline="$v $out $in"
		fi
	done
	echo "$bestline"
}

# Calls of each net-area hook so far, "name_with_underscores count" per
# line, from hardctl status ("  NAME  AREA  COUNT calls").
net_calls() {
	"$HARDCTL" status | awk '$NF == "calls" && $(NF - 2) == "net" {
		name = $1; for (i = 2; i <= NF - 3; i++) name = name "_" $i
		print name, $(NF - 1) }'
}

declare -A base nopol peers other pk
echo "# kernel $(uname -r), net: $R rounds each, best of rounds, ${N[tcp]} TCP / ${N[udp]} UDP round trips a round"
for p in $PROTOS; do
	line=$(measure "$p" baseline)
	base[$p]=${line%% *}
	pk[$p]=${line#* }
done
[ "${1:-}" = baseline ] && cat /tmp/net-rounds
if [ "${1:-}" = baseline ]; then	# bench/run K net-baseline: no module at all
	for p in $PROTOS; do echo "$p baseline ${base[$p]} ns/rt, out in ${pk[$p]}"; done
	exit 0
fi

insmod "$HARDEN_KO" || fail insmod
for p in $PROTOS; do line=$(measure "$p" "module, no policy"); nopol[$p]=${line%% *}; done

cat >/tmp/net-peers.conf <<'EOF'
# Two isolated groups that list each other: every packet between them
# is checked, and passes.
group nbsrv {
	match /docker/nbsrv
	net isolate
	net peer nbcli
}
group nbcli {
	match /docker/nbcli
	net isolate
	net peer nbsrv
}
EOF
"$HARDCTL" load /tmp/net-peers.conf >/dev/null || fail "hardctl load net-peers.conf"
calls0=$(net_calls)
for p in $PROTOS; do line=$(measure "$p" "net peers"); peers[$p]=${line%% *}; done
calls1=$(net_calls)
stats=$("$HARDCTL" stats 2>&1)

# The shipped policy isolates every container; its group peering itself
# lets the two talk while every other area stays as shipped.
sed 's/^\(\s*\)net isolate$/&\n\1net peer docker/' "$TOP/policies/docker-default.conf" >/tmp/dd-peer.conf
grep -q '^\s*net peer docker$' /tmp/dd-peer.conf || fail "docker-default.conf has no 'net isolate' line"
"$HARDCTL" load /tmp/dd-peer.conf >/dev/null || fail "hardctl load docker-default.conf + net peer docker"
for p in $PROTOS; do line=$(measure "$p" "docker-default"); other[$p]=${line%% *}; done
rmmod harden

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
added() { awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN { printf "%+.0f", (a - b) / d }'; }
echo
echo "# ns per round trip (x ratio to baseline); client /docker/nbcli in netns nbcli,"
echo "# server /docker/nbsrv in netns nbsrv, one veth pair"
printf '%-5s %10s %22s %22s %22s\n' proto baseline "module, no policy" "net peers" "docker-default"
for p in $PROTOS; do
	printf '%-5s %10s %13s (x%s) %13s (x%s) %13s (x%s)\n' "$p" "${base[$p]}" \
		"${nopol[$p]}" "$(ratio "${nopol[$p]}" "${base[$p]}")" \
		"${peers[$p]}" "$(ratio "${peers[$p]}" "${base[$p]}")" \
		"${other[$p]}" "$(ratio "${other[$p]}" "${base[$p]}")"
done
# Under -icount shift=0 one guest nanosecond is one instruction. A round
# trip is two packets (request, reply), each through the sender's
# LOCAL_OUT and the receiver's socket receive; "out in" is what the
# client's namespace counted per round trip (1 1: every ACK rode on data).
echo
echo "# added instructions per round trip / per packet (2 packets a round trip)"
printf '%-5s %8s %22s %22s %22s\n' proto "out in" "module, no policy" "net peers" "docker-default"
for p in $PROTOS; do
	printf '%-5s %8s %12s / %7s %12s / %7s %12s / %7s\n' "$p" "${pk[$p]}" \
		"$(added "${nopol[$p]}" "${base[$p]}")" "$(added "${nopol[$p]}" "${base[$p]}" 2)" \
		"$(added "${peers[$p]}" "${base[$p]}")" "$(added "${peers[$p]}" "${base[$p]}" 2)" \
		"$(added "${other[$p]}" "${base[$p]}")" "$(added "${other[$p]}" "${base[$p]}" 2)"
done
echo "# net peers: groups nbsrv and nbcli, each 'net isolate' and 'net peer' the other"
echo "# (every packet checked and allowed); docker-default: policies/docker-default.conf"
echo "# (caps, mount, ptrace, signal, net isolate) matching both, plus 'net peer docker'"
echo "# so that they may talk."
echo
echo "# net hook calls during the net peers runs (hardctl status), per round trip"
rts=$(( R * (${N[tcp]} + ${N[tcp]} / 10 + 1 + ${N[udp]} + ${N[udp]} / 10 + 1) ))
echo "# ($rts round trips, warm-ups included, plus connection set-up and tear-down)"
join -a2 <(echo "$calls0" | sort) <(echo "$calls1" | sort) |
	awk -v rts="$rts" 'NF == 3 { printf "%-28s %10d  %.2f\n", $1, $3 - $2, ($3 - $2) / rts }
		NF == 2 { printf "%-28s %10d  %.2f\n", $1, $2, $2 / rts }'
echo "# hardctl stats after the net peers runs (no net line: nothing refused)"
echo "$stats"
echo "# every round, ns per round trip"
cat /tmp/net-rounds
