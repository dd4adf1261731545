#!/usr/bin/env bash
# Side by side: the same S3 scenarios against S3Proxy (org.gaul:s3proxy, filesystem backend, plain
# files, no replication) and against a Remise all-in-one node (`remise server --single-node`), one
# server at a time so they never share the cores, everything on 127.0.0.1. Prints one table: each
# scenario's figure for both servers and the ratio Remise / S3Proxy, then startup time and RSS.
#
#   bench/side-by-side.sh [--duration 20s] [--warmup 5s] [--out DIR] [--s3proxy-version 4.1.0]
#
# Scenarios (`remise bench s3`, AWS SDK v2, each with its warm-up then its measured run):
#   4 KiB PUT and GET at concurrency 16 (ops/s), 64 MiB PUT and GET at concurrency 1 (MB/s),
#   warp's mixed load (45 % GET, 30 % HEAD, 15 % PUT, 10 % DELETE) on 100 KiB objects at
#   concurrency 16 (ops/s).
# Per server: "startup" is the time from launching the JVM to the first successful S3 request
# (a ListBuckets signed by curl's --aws-sigv4, polled every 50 ms), "idle RSS" the resident memory 10 s after that, "peak RSS"
# the high-water mark (VmHWM) after all scenarios. Both servers run on this script's JDK 25.
# The bench JSON files and the table are written to --out (default: a new directory under /tmp).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/.mvn/jdk.sh"
java="$JAVA_HOME/bin/java"

duration=20s
warmup=5s
out=""
s3proxy_version=4.1.0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --s3proxy-version) s3proxy_version="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "side-by-side: unknown argument $1" >&2; exit 2 ;;
  esac
done
out="${out:-$(mktemp -d /tmp/remise-side-by-side.XXXXXX)}"
mkdir -p "$out"

s3proxy_port=18090
remise_port=3900
for port in $s3proxy_port $remise_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "side-by-side: 127.0.0.1:$port is in use; stop what listens there first" >&2
    exit 2
  fi
done

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    for _ in $(seq 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT

now_ms() { date +%s%3N; }
empty_sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
rss_mib() { awk -v f="$2" '$1 == f":" { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# Polls a signed ListBuckets until it answers 200; prints the milliseconds since $1.
await_s3() {
  local since=$1 endpoint=$2 region=$3 deadline=$(( $(now_ms) + 120000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    kill -0 "$server_pid" 2>/dev/null || { echo "side-by-side: the server exited" >&2; return 1; }
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:$region:s3" \
        --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-content-sha256: $empty_sha256" \
        "$endpoint/")" = 200 ]; then
      echo $(( $(now_ms) - since ))
      return 0
    fi
    sleep 0.05
  done
  echo "side-by-side: $endpoint did not answer within 120 s" >&2
  return 1
}

# Runs every scenario against one endpoint; JSON files named <server>-<scenario>.json.
scenarios() {
  local name=$1 endpoint=$2 region=$3
  local common=(--endpoint "$endpoint" --region "$region" --bucket side-by-side
                --warmup "$warmup" --duration "$duration")
  run() {
    local scenario=$1; shift
    echo "  $name: $scenario" >&2
    "$here/remise" bench s3 "${common[@]}" "$@" --json "$out/$name-$scenario.json" > /dev/null
  }
  run put4k --op put --size 4KiB --concurrency 16
  run get4k --op get --size 4KiB --concurrency 16 --objects 1000
  run put64m --op put --size 64MiB --concurrency 1
  run get64m --op get --size 64MiB --concurrency 1 --objects 4
  run mixed100k --op mixed --size 100KiB --concurrency 16 --objects 1000
}

# ---- S3Proxy ----
jar="$HOME/.m2/repository/org/gaul/s3proxy/$s3proxy_version/s3proxy-$s3proxy_version-jar-with-dependencies.jar"
if [ ! -f "$jar" ]; then
  (cd "$here" && ./mvnw -q -B dependency:get \
    -Dartifact="org.gaul:s3proxy:$s3proxy_version:jar:jar-with-dependencies" -Dtransitive=false)
fi
mkdir -p "$out/s3proxy-data"
cat > "$out/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$s3proxy_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=side-by-side
s3proxy.credential=side-by-side-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$out/s3proxy-data
EOF
echo "S3Proxy $s3proxy_version (filesystem) on 127.0.0.1:$s3proxy_port" >&2
export AWS_ACCESS_KEY_ID=side-by-side AWS_SECRET_ACCESS_KEY=side-by-side-secret
t0=$(now_ms)
"$java" -jar "$jar" --properties "$out/s3proxy.conf" > "$out/s3proxy.log" 2>&1 &
server_pid=$!
s3proxy_startup=$(await_s3 "$t0" "http://127.0.0.1:$s3proxy_port" us-east-1)
sleep 10
s3proxy_idle=$(rss_mib "$server_pid" VmRSS)
scenarios s3proxy "http://127.0.0.1:$s3proxy_port" us-east-1
s3proxy_peak=$(rss_mib "$server_pid" VmHWM)
stop_server

# ---- Remise ----
echo "Remise all-in-one node on 127.0.0.1:$remise_port" >&2
"$here/remise" --version > /dev/null # builds the jars first if the sources changed
t0=$(now_ms)
"$here/remise" server --single-node --data-dir "$out/remise-data" > "$out/remise.log" 2>&1 &
server_pid=$! # the launcher execs java: this is the JVM's pid
for _ in $(seq 1200); do
  grep -q '^Try: AWS_ACCESS_KEY_ID=' "$out/remise.log" && break
  kill -0 "$server_pid" 2>/dev/null || { echo "side-by-side: remise exited" >&2; cat "$out/remise.log" >&2; exit 1; }
  sleep 0.05
done
eval "export $(grep -o 'AWS_ACCESS_KEY_ID=[^ ]* AWS_SECRET_ACCESS_KEY=[^ ]*' "$out/remise.log" | head -n1)"
remise_startup=$(await_s3 "$t0" "http://127.0.0.1:$remise_port" remise)
sleep 10
remise_idle=$(rss_mib "$server_pid" VmRSS)
scenarios remise "http://127.0.0.1:$remise_port" remise
remise_peak=$(rss_mib "$server_pid" VmHWM)
stop_server

# ---- table ----
python3 - "$out" "$s3proxy_startup" "$remise_startup" "$s3proxy_idle" "$remise_idle" \
  "$s3proxy_peak" "$remise_peak" <<'EOF' | tee "$out/table.txt"
import json, sys
out = sys.argv[1]
startup = [int(sys.argv[2]) / 1000, int(sys.argv[3]) / 1000]
idle, peak = [int(sys.argv[4]), int(sys.argv[5])], [int(sys.argv[6]), int(sys.argv[7])]
rows = [("4 KiB PUT, c=16", "put4k", "opsPerSecond", "ops/s"),
        ("4 KiB GET, c=16", "get4k", "opsPerSecond", "ops/s"),
        ("64 MiB PUT, c=1", "put64m", "mbPerSecond", "MB/s"),
        ("64 MiB GET, c=1", "get64m", "mbPerSecond", "MB/s"),
        ("mixed 100 KiB, c=16", "mixed100k", "opsPerSecond", "ops/s")]
print(f"{'scenario':<22}{'unit':>7}{'S3Proxy':>11}{'Remise':>11}{'Remise/S3Proxy':>16}")
for label, name, field, unit in rows:
    a, b = (json.load(open(f"{out}/{s}-{name}.json"))["total"][field] for s in ("s3proxy", "remise"))
    print(f"{label:<22}{unit:>7}{a:>11.1f}{b:>11.1f}{b / a if a else float('nan'):>16.2f}")
for label, unit, (a, b) in (("startup", "s", startup), ("idle RSS", "MiB", idle),
                            ("peak RSS", "MiB", peak)):
    print(f"{label:<22}{unit:>7}{a:>11.1f}{b:>11.1f}{b / a:>16.2f}")
EOF
echo "JSON and table in $out" >&2
