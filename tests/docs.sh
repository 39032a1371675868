#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host suite: the monitoring files that ship outside the code.
#
#   - docs/harden-alerts.yml passes `promtool check rules`, and
#     `promtool test rules` shows its alerts fire when they should: a first
#     denial (a new series), later denials, tamper, dropped events, no
#     policy; and stay quiet for a count that does not change;
#   - systemd/harden-exporter.service and harden.service pass
#     `systemd-analyze verify` without a warning; the exporter unit keeps
#     only CAP_NET_ADMIN and has no option that creates a mount namespace
#     (harden would bind it like a container task);
#   - the names hardctl prints (ctl/model.c) are the metric names
#     docs/metrics.md and the rules use.
#
# Each tool's check first runs on a broken input (CONTROL: it must fail).
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
. "$TOP/tests/vm/lib.sh"

RULES=$TOP/docs/harden-alerts.yml
UNIT=$TOP/systemd/harden-exporter.service
tmp=$(mktemp -d /tmp/harden-docs.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT

# --- alerting rules ---
if ! command -v promtool >/dev/null; then
	t_fail "promtool installed" "run 'make deps' (package prometheus)"
else
	sed 's/increase(harden_events_dropped_total\[10m\])/increase(harden_events_dropped_total[10m]/' \
		"$RULES" >"$tmp/bad-rules.yml"
	t_check_fails "control: promtool check rules rejects a broken rule" \
		promtool check rules "$tmp/bad-rules.yml"
	t_check "promtool check rules docs/harden-alerts.yml" promtool check rules "$RULES"

	# One sample a minute. docker/cap: first denial at 3m (a new series),
	# steady from 3m to 14m, one more at 15m. docker/tamper: 2 at 20m.
	cat >"$tmp/test.yml" <<-EOF
		rule_files: ['$RULES']
		evaluation_interval: 1m
		tests:
		  - interval: 1m
		    input_series:
		      - series: 'harden_group_denials_total{job="harden",instance="h:9477",group="docker",area="cap"}'
		        values: '_ _ _ 1 1 1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2'
		      - series: 'harden_group_denials_total{job="harden",instance="h:9477",group="docker",area="tamper"}'
		        values: '_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ 2 2 2 2 2 2 2 2 2 2 2'
		      - series: 'harden_events_dropped_total{job="harden",instance="h:9477"}'
		        values: '0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 900 900 900 900 900 900 900'
		      - series: 'harden_policy_generation{job="harden",instance="h:9477"}'
		        values: '0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0'
		      - series: 'up{job="harden",instance="h:9477"}'
		        values: '1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1'
		    alert_rule_test:
		      - eval_time: 2m
		        alertname: HardenDenials
		        exp_alerts: []
		      - eval_time: 4m
		        alertname: HardenDenials
		        exp_alerts:
		          - exp_labels: {severity: warning, job: harden, instance: 'h:9477', group: docker, area: cap}
		            exp_annotations:
		              summary: 'harden denied operations in group docker (area cap)'
		              description: 'Containers of group docker attempted operations the policy forbids (area cap) in the last 5 minutes. \`hardctl stats\` on h:9477 names the cgroups and \`hardctl monitor\` shows the processes.'
		      - eval_time: 12m
		        alertname: HardenDenials
		        exp_alerts: []
		      - eval_time: 16m
		        alertname: HardenDenials
		        exp_alerts:
		          - exp_labels: {severity: warning, job: harden, instance: 'h:9477', group: docker, area: cap}
		            exp_annotations:
		              summary: 'harden denied operations in group docker (area cap)'
		              description: 'Containers of group docker attempted operations the policy forbids (area cap) in the last 5 minutes. \`hardctl stats\` on h:9477 names the cgroups and \`hardctl monitor\` shows the processes.'
		      - eval_time: 21m
		        alertname: HardenDenials
		        exp_alerts: []
		      - eval_time: 19m
		        alertname: HardenTamper
		        exp_alerts: []
		      - eval_time: 21m
		        alertname: HardenTamper
		        exp_alerts:
		          - exp_labels: {severity: critical, job: harden, instance: 'h:9477', group: docker, area: tamper}
		            exp_annotations:
		              summary: 'a container of group docker tried to switch harden off'
		              description: 'A task inside a container tried to unload harden, use its control channel, join its events or escape its cgroup. It was refused; the container should be considered hostile.'
		      - eval_time: 28m
		        alertname: HardenTamper
		        exp_alerts: []
		      - eval_time: 20m
		        alertname: HardenEventsDropped
		        exp_alerts: []
		      - eval_time: 25m
		        alertname: HardenEventsDropped
		        exp_alerts:
		          - exp_labels: {severity: info, job: harden, instance: 'h:9477'}
		            exp_annotations:
		              summary: 'harden dropped events on h:9477'
		              description: 'Events were rate limited (10/s per cgroup, bursts of 50) or lost; the counters are exact, but \`hardctl monitor\` and log shippers missed some violations.'
		      - eval_time: 9m
		        alertname: HardenNoPolicy
		        exp_alerts: []
		      - eval_time: 11m
		        alertname: HardenNoPolicy
		        exp_alerts:
		          - exp_labels: {severity: critical, job: harden, instance: 'h:9477'}
		            exp_annotations:
		              summary: 'harden is loaded on h:9477 without a policy'
		              description: 'Nothing is policed until \`hardctl load\` succeeds.'
		      - eval_time: 30m
		        alertname: HardenExporterDown
		        exp_alerts: []
	EOF
	t_check "promtool test rules: alerts fire and stay quiet as designed" \
		promtool test rules "$tmp/test.yml"
	# CONTROL: the same test against a rule without the new-series arm
	# must fail (the first denial, a series appearing at 1, is missed).
	python3 - "$RULES" "$tmp/plain.yml" <<-'EOF'
		import re, sys
		s = open(sys.argv[1]).read()
		s = re.sub(r"\n\s+or\n\s+\(harden_group_denials_total\{area!=\"tamper\"\} > 0\n\s+unless harden_group_denials_total offset 5m\)", "", s)
		open(sys.argv[2], "w").write(s)
	EOF
	sed "s#'$RULES'#'$tmp/plain.yml'#" "$tmp/test.yml" >"$tmp/test-plain.yml"
	t_check "control: the rules were changed for the control test" \
		sh -c '! cmp -s "$0" "$1" && promtool check rules "$1"' "$RULES" "$tmp/plain.yml"
	t_check_fails "control: increase() alone misses the first denial" \
		promtool test rules "$tmp/test-plain.yml"
fi

# --- systemd units ---
if ! command -v systemd-analyze >/dev/null; then
	t_skip "systemd-analyze verify" "systemd-analyze not installed"
else
	# verify wants the ExecStart binaries to exist: point them at /bin/true.
	for u in "$UNIT" "$TOP/systemd/harden.service"; do
		sed -e 's#^ExecStart=/usr/sbin/hardctl#ExecStart=/bin/true#' \
			-e 's#^ExecReload=/usr/sbin/hardctl#ExecReload=/bin/true#' \
			-e 's#^ExecStart=/sbin/modprobe#ExecStart=/bin/true#' "$u" >"$tmp/${u##*/}"
	done
	printf 'NoSuchOption=yes\n' >>"$tmp/harden-exporter.service"
	cp "$tmp/harden-exporter.service" "$tmp/bad-exporter.service"
	sed -i '$d' "$tmp/harden-exporter.service"
	t_check_fails "control: systemd-analyze verify reports an unknown option" \
		sh -c 'out=$(cd "$0" && systemd-analyze verify --man=no ./bad-exporter.service 2>&1) && [ -z "$out" ]' "$tmp"
	t_expect_output "systemd-analyze verify harden-exporter.service harden.service: no warning" "" \
		sh -c 'cd "$0" && systemd-analyze verify --man=no ./harden-exporter.service ./harden.service' "$tmp"
fi
t_check "harden-exporter.service: only CAP_NET_ADMIN, ambient and bounding" \
	sh -c 'grep -qx "AmbientCapabilities=CAP_NET_ADMIN" "$0" && grep -qx "CapabilityBoundingSet=CAP_NET_ADMIN" "$0" && grep -qx "NoNewPrivileges=yes" "$0"' "$UNIT"
t_check "harden-exporter.service: loopback listener, after harden.service" \
	sh -c 'grep -qx "ExecStart=/usr/sbin/hardctl exporter --listen 127.0.0.1:9477" "$0" && grep -q "^After=.*harden.service" "$0"' "$UNIT"
t_check_fails "harden-exporter.service: no option that creates a mount or network namespace" \
	grep -E '^(PrivateTmp|PrivateMounts|ProtectSystem|ProtectHome|ProtectKernelTunables|ProtectKernelModules|ProtectKernelLogs|ProtectControlGroups|ProtectProc|ProcSubset|PrivateDevices|ReadOnlyPaths|ReadWritePaths|InaccessiblePaths|TemporaryFileSystem|BindPaths|BindReadOnlyPaths|DynamicUser|RootDirectory|RootImage|PrivateNetwork|NetworkNamespacePath|ProtectHostname|PrivateUsers|MountAPIVFS|LogNamespace)=' "$UNIT"
t_check "make install installs harden-exporter.service" \
	sh -c 'd=$(mktemp -d) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$0" install DESTDIR="$d" >/dev/null && cmp "$d/lib/systemd/system/harden-exporter.service" "$0/systemd/harden-exporter.service"; rc=$?; rm -rf "$d"; exit $rc' "$TOP"

# --- names agree ---
for m in $(grep -oE '^\| `harden_[a-z_]+`' "$TOP/docs/metrics.md" | tr -d '|` '); do
	t_check "docs/metrics.md: $m is a name hardctl prints" grep -q "\"$m\"" "$TOP/ctl/model.c"
done
for m in $(grep -oE 'harden_[a-z_]+' "$RULES" | sort -u); do
	t_check "harden-alerts.yml: $m is a name hardctl prints" grep -q "\"$m\"" "$TOP/ctl/model.c"
done
t_done
