#!/bin/sh
# Interop with the Go binding's certification program (Debian: golang-go and
# golang-github-varlink-go-dev).
#   go-certification.sh CERT MODE
#   CERT: our tests/varlink-certification program
#   MODE: self     our client against our service
#         go-client  Go's client against our service
#         go-service our client against Go's service
# Set VARLINK_SKIP_GO_INTEROP=1 to skip the Go runs (exit 77) where Go cannot be installed.
set -u

CERT=$1
MODE=$2
GOSRC=/usr/share/gocode/src/github.com/varlink/go/cmd/varlink-go-certification

TMP=$(mktemp -d "${TMPDIR:-/tmp}/varlink-cert-XXXXXX")
PIDS=""
cleanup() {
  for pid in $PIDS; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

ADDRESS="unix:$TMP/cert.sock"

wait_for_socket() {
  i=0
  while [ ! -S "$TMP/cert.sock" ]; do
    i=$((i + 1))
    if [ $i -gt 100 ]; then
      echo "The service did not create $TMP/cert.sock within 10 seconds." >&2
      exit 1
    fi
    sleep 0.1
  done
}

build_go() {
  if [ "$MODE" != self ] && [ "${VARLINK_SKIP_GO_INTEROP:-0}" = 1 ]; then
    echo "VARLINK_SKIP_GO_INTEROP=1: not running the Go interop test."
    exit 77
  fi
  if ! command -v go >/dev/null 2>&1 || [ ! -d "$GOSRC" ]; then
    echo "The Go interop test needs the Go compiler and the Go Varlink binding:" >&2
    echo "  sudo apt install golang-go golang-github-varlink-go-dev" >&2
    echo "(or set VARLINK_SKIP_GO_INTEROP=1 to skip it explicitly)" >&2
    exit 1
  fi
  mkdir -p "$TMP/gocache"
  if ! GOPATH=/usr/share/gocode GO111MODULE=off GOCACHE="$TMP/gocache" GOFLAGS= \
       timeout 300 go build -o "$TMP/varlink-go-certification" \
       github.com/varlink/go/cmd/varlink-go-certification; then
    echo "Building the Go certification program failed." >&2
    exit 1
  fi
}

case "$MODE" in
  self)
    "$CERT" --service "$ADDRESS" & PIDS="$PIDS $!"
    wait_for_socket
    timeout 60 "$CERT" --client "$ADDRESS"
    exit $?
    ;;
  go-client)
    build_go
    "$CERT" --service "$ADDRESS" & PIDS="$PIDS $!"
    wait_for_socket
    # The Go client exits 0 whatever happens: its last line says whether End said true.
    timeout 60 "$TMP/varlink-go-certification" -client -varlink="$ADDRESS" > "$TMP/out" 2>&1
    cat "$TMP/out"
    if grep -q "^End: 'true'" "$TMP/out"; then
      exit 0
    fi
    echo "The Go client did not finish with End: 'true'." >&2
    exit 1
    ;;
  go-service)
    build_go
    "$TMP/varlink-go-certification" -varlink="$ADDRESS" & PIDS="$PIDS $!"
    wait_for_socket
    timeout 60 "$CERT" --client "$ADDRESS"
    exit $?
    ;;
  *)
    echo "Unknown mode $MODE" >&2
    exit 2
    ;;
esac
