#!/usr/bin/env bash
# Tests the ./release-gates launcher against the packaged jar (run by Maven in cli's integration-test phase):
# class-data archives are written by a real run and used afterwards, never by --help or a usage error; a corrupt
# archive does not break a run; the JIT profile prints nothing; output equals the plain `java -jar` run's.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../../.." && pwd)
launcher=$root/release-gates
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export RELEASE_GATES_CDS_DIR=$work/cds
failures=0
fail() { echo "launcher-test: FAIL: $*" >&2; failures=$((failures + 1)); }

mkdir -p "$work/tree/conf"
echo "port=8080" > "$work/tree/conf/app.properties"
"$launcher" integrity baseline "$work/tree" -o "$work/baseline.json" 2>/dev/null

# --help and a usage error leave no archive behind
"$launcher" integrity check --help > /dev/null
"$launcher" integrity check "$work/tree" --no-such-option > /dev/null 2>&1 && fail "a usage error exited 0"
ls "$work"/cds/*/integrity-check.jsa >/dev/null 2>&1 && fail "--help or a usage error wrote an archive"

# the first real run writes the archive; a later run maps it (-Xshare:on refuses to start without it)
first=$("$launcher" integrity check "$work/tree" --baseline "$work/baseline.json")
ls "$work"/cds/*/integrity-check.jsa >/dev/null 2>&1 || fail "the first run wrote no archive"
ls "$work"/cds/* | grep -q '\.tmp$' && fail "a temporary archive was left behind"
second=$(RELEASE_GATES_JAVA_OPTS=-Xshare:on "$launcher" integrity check "$work/tree" --baseline "$work/baseline.json") \
  || fail "a run with the archive and -Xshare:on failed"
plain=$(RELEASE_GATES_JVM=plain "$launcher" integrity check "$work/tree" --baseline "$work/baseline.json")
[ "$first" = "$second" ] || fail "output with the archive differs from the first run's"
[ "$first" = "$plain" ] || fail "output differs from the plain java -jar run's"

# findings (exit 1) still come through with the tuned JVM, and the exit code is kept
echo "port=9090" > "$work/tree/conf/app.properties"
rc=0; "$launcher" integrity check "$work/tree" --baseline "$work/baseline.json" > "$work/drift.txt" || rc=$?
[ "$rc" -eq 1 ] || fail "drift exited $rc, expected 1"
grep -q "app.properties" "$work/drift.txt" || fail "drift output does not name the changed file"

# a corrupt archive newer than the jar is ignored, not fatal
head -c 4096 /dev/urandom > "$(ls "$work"/cds/*/integrity-check.jsa)"
rc=0; "$launcher" integrity check "$work/tree" --baseline "$work/baseline.json" > "$work/corrupt.txt" 2> "$work/corrupt.err" || rc=$?
[ "$rc" -eq 1 ] || fail "a corrupt archive made the run exit $rc"
[ -s "$work/corrupt.err" ] && fail "a corrupt archive printed: $(head -c 300 "$work/corrupt.err")"

# the JIT profile's directives are loaded silently: stdout carries only the tool's own output
version=$("$launcher" --version)
[[ "$version" =~ ^release-gates\ [0-9] ]] || fail "--version printed: $version"

if [ "$failures" -gt 0 ]; then
  echo "launcher-test: $failures failure(s)" >&2
  exit 1
fi
echo "launcher-test: all checks passed"
