#!/bin/sh
# validate-metainfo.sh: runs `appstreamcli validate --no-net --strict` on the metainfo, so
# that errors, warnings and infos all fail (pedantic hints, such as the uppercase letters of
# a reverse-DNS ID, do not). One info is tolerated, and only from AppStream before 1.0: the
# <developer> tag, which AppStream 1.0 introduced and Flathub asks for. Then every screenshot
# must be a file of data/screenshots/ with the width and height the metainfo gives.
#
#   validate-metainfo.sh APPSTREAMCLI FILE SCREENSHOTS_DIR
#
# Copyright 2026 The Varlink Explorer authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

appstreamcli=$1
file=$2
screenshots=$3

# <image type="source" width="W" height="H">https://.../data/screenshots/NAME.png</image>
images=$(sed -n 's|.*<image[^>]* width="\([0-9]*\)" height="\([0-9]*\)">[^<]*/data/screenshots/\([^<]*\)</image>.*|\3 \1 \2|p' "$file")
if [ -z "$images" ]; then
  echo "no screenshot of data/screenshots/ in $file" >&2
  exit 1
fi
echo "$images" | while read -r name width height; do
  # A PNG's width and height are the big-endian words at bytes 16 and 20.
  size=$(od -An -tu1 -j16 -N8 "$screenshots/$name" 2>/dev/null |
         awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }')
  if [ "$size" != "$width $height" ]; then
    echo "$screenshots/$name: expected ${width}x$height, found '${size:-no PNG}'" >&2
    exit 1
  fi
  echo "$name: ${width}x$height"
done || exit 1

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
