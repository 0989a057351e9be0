#!/bin/sh
# validate-metainfo.sh: runs `appstreamcli validate --no-net --strict` on the metainfo, so
# that errors, warnings and infos all fail (pedantic hints, such as the uppercase letters of
# a reverse-DNS ID, do not). One info is tolerated, and only from AppStream before 1.0: the
# <developer> tag, which AppStream 1.0 introduced and Flathub asks for.
#
#   validate-metainfo.sh APPSTREAMCLI FILE
#
# Copyright 2026 The Varlink Explorer authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

appstreamcli=$1
file=$2

report=$("$appstreamcli" validate --no-net --strict --explain "$file" 2>&1)
status=$?
printf '%s\n' "$report"
[ $status -eq 0 ] && exit 0

version=$("$appstreamcli" --version | sed -n 's/^AppStream version: *//p')
case $version in
  0.*) ;;
  *) exit 1 ;;
esac

# Every issue other than pedantic ones, less the tolerated one, must be absent.
left=$(printf '%s\n' "$report" | grep -E '^[EWI]: ' | grep -v -E '^I: [^ ]+: unknown-tag developer$')
if [ -n "$left" ]; then
  exit 1
fi
echo "validate-metainfo.sh: only <developer> was unknown to AppStream $version; accepted"
exit 0
