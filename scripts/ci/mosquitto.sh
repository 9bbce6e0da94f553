#!/usr/bin/env bash
# Starts a real Mosquitto on 127.0.0.1:${MOSQUITTO_PORT:-1884} (installing it when absent) with a configuration
# that never drops queued QoS 1 messages, and prints its URL. Fails, never skips, when it cannot be reached.
# Usage: mosquitto.sh <state-dir> [extra config file to include]
set -euo pipefail
state=${1:?state dir}
extra=${2:-}
port=${MOSQUITTO_PORT:-1884}
log() { echo "[mosquitto] $*" >&2; }
if ! command -v mosquitto >/dev/null 2>&1 && [ ! -x /usr/sbin/mosquitto ]; then
  log "installing mosquitto from Debian"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients >&2
fi
bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
mkdir -p "$state"
conf="$state/mosquitto.conf"
{
  echo "pid_file $state/mosquitto.pid"
  echo "persistence false"
  echo "log_dest file $state/mosquitto.log"
  echo "per_listener_settings false"
  # The default max_queued_messages (1000) silently drops QoS 1 messages for a slow subscriber: 0 is no limit.
  echo "max_queued_messages 0"
  echo "max_inflight_messages 0"
  echo "set_tcp_nodelay true"
  echo "listener $port 127.0.0.1"
  if [ -n "$extra" ]; then cat "$extra"; else echo "allow_anonymous true"; fi
} > "$conf"
if [ -f "$state/mosquitto.pid" ] && kill -0 "$(cat "$state/mosquitto.pid")" 2>/dev/null; then
  kill "$(cat "$state/mosquitto.pid")"; sleep 0.5
fi
# Mosquitto started as root drops to the mosquitto user, which must own its state folder.
id mosquitto >/dev/null 2>&1 && chown -R mosquitto "$state"
"$bin" -c "$conf" -d
for _ in $(seq 1 50); do
  if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
    log "listening on 127.0.0.1:$port"
    echo "mqtt://127.0.0.1:$port"
    exit 0
  fi
  sleep 0.2
done
log "Mosquitto does not answer on 127.0.0.1:$port"; cat "$state/mosquitto.log" >&2 || true
exit 1
