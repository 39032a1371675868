#!/bin/bash
# Harness self-test: a script that fails.  Expected verdict: 1 (script rc).
echo "failing on purpose"
exit 1
