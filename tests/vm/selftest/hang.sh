#!/bin/bash
# Harness self-test: a script that never ends.  Expected verdict: 3 (timeout).
echo "hanging on purpose"
while :; do sleep 3600; done
