#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-session: docker
# vm-timeout: 600
#
# Guest suite: tests/vm/stress.sh with Docker: `docker run --rm` churn
# besides everything else (see there). 60 s storm by default:
#   tests/vm/run --kernel 6.1 tests/vm/stress_docker.sh [SECONDS [DWELL]]
set -u
export STRESS_DOCKER=1
exec bash "$TOP/tests/vm/stress.sh" "$@"
