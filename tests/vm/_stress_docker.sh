#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-session: docker
# vm-timeout: 600
#
# Guest suite: tests/vm/stress.sh with Docker: `docker run --rm` churn
# besides everything else (see there). 60 s storm by default:
#   tests/vm/run --kernel 6.1 tests/vm/_stress_docker.sh [SECONDS [DWELL]]
#   KERNELS=6.1 SUITES=_stress_docker tests/run-all   (in a docker session)
# Not in make check (the leading _): under Docker's event load the module is
# "in use" for most of the storm (a task stopped by PTRACE_ATTACH or
# SIGSTOP holds the module reference of its pending capability clamp until
# it runs again), so the module cycles this storm wants rarely happen; on
# 6.1 in the docker session none did (2026-12-03), and the reference
# outlived the suite until the session's reset killed the task.
set -u
export STRESS_DOCKER=1
exec bash "$TOP/tests/vm/stress.sh" "$@"
