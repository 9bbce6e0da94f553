#!/usr/bin/env bash
# Starts a real Mosquitto on 127.0.0.1:${MOSQUITTO_PORT:-1884} (installing it when absent) with a configuration
# that never drops queued QoS 1 messages, and prints its URL. Fails, never skips, when it cannot be reached.
# Usage: mosquitto.sh <state-dir> [extra config file to include]
# MOSQUITTO_AUTH=dynsec: no anonymous access; the dynamic-security plugin authenticates vehicles and enforces the
# ACL (docs/operations/mosquitto.md). A `marque` service account is created (password: MOSQUITTO_SERVICE_PASSWORD,
# random when unset) and the printed URL carries it: mqtt://marque:<password>@127.0.0.1:<port>.
set -euo pipefail
state=${1:?state dir}
extra=${2:-}
port=${MOSQUITTO_PORT:-1884}
auth=${MOSQUITTO_AUTH:-anonymous}
case "$auth" in anonymous|dynsec) ;; *) echo "[mosquitto] MOSQUITTO_AUTH must be anonymous or dynsec" >&2; exit 2 ;; esac
log() { echo "[mosquitto] $*" >&2; }
if ! command -v mosquitto >/dev/null 2>&1 && [ ! -x /usr/sbin/mosquitto ]; then
  log "installing mosquitto from Debian"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients >&2
fi
bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
mkdir -p "$state"
conf="$state/mosquitto.conf"
random() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24; }
if [ "$auth" = dynsec ]; then
  plugin=$(ls /usr/lib/*/mosquitto_dynamic_security.so /usr/lib/mosquitto_dynamic_security.so 2>/dev/null | head -1 || true)
  [ -n "$plugin" ] || { log "the dynamic-security plugin is not installed"; exit 1; }
  admin_pw=$(random)
  service_pw=${MOSQUITTO_SERVICE_PASSWORD:-$(random)}
  rm -f "$state/dynamic-security.json"
  mosquitto_ctrl dynsec init "$state/dynamic-security.json" admin "$admin_pw" >/dev/null
fi
{
  echo "pid_file $state/mosquitto.pid"
  # With dynsec the broker keeps sessions and queued messages across a clean restart (snapshot every 10 s).
  if [ "$auth" = dynsec ]; then printf 'persistence true\npersistence_location %s/\nautosave_interval 10\n' "$state"
  else echo "persistence false"; fi
  echo "log_dest file $state/mosquitto.log"
  echo "per_listener_settings false"
  # The default max_queued_messages (1000) silently drops QoS 1 messages for a slow subscriber: 0 is no limit.
  echo "max_queued_messages 0"
  echo "max_inflight_messages 0"
  echo "set_tcp_nodelay true"
  echo "listener $port 127.0.0.1"
  if [ "$auth" = dynsec ]; then
    printf 'allow_anonymous false\nplugin %s\nplugin_opt_config_file %s\n' "$plugin" "$state/dynamic-security.json"
  fi
  if [ -n "$extra" ]; then cat "$extra"; elif [ "$auth" = anonymous ]; then echo "allow_anonymous true"; fi
} > "$conf"
if [ -f "$state/mosquitto.pid" ] && kill -0 "$(cat "$state/mosquitto.pid")" 2>/dev/null; then
  kill "$(cat "$state/mosquitto.pid")"; sleep 0.5
fi
if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
  log "port $port is taken by another process (set MOSQUITTO_PORT)"; exit 1
fi
# Mosquitto started as root drops to the mosquitto user, which must own its state folder.
id mosquitto >/dev/null 2>&1 && chown -R mosquitto "$state"
"$bin" -c "$conf" -d
for _ in $(seq 1 50); do
  if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
    log "listening on 127.0.0.1:$port ($auth)"
    if [ "$auth" = dynsec ]; then
      ctl() { mosquitto_ctrl -h 127.0.0.1 -p "$port" -u admin -P "$admin_pw" dynsec "$@" >/dev/null 2>&1; }
      # The platform's service account: reads every car's up/ (also as a shared subscription), writes their down/,
      # and provisions vehicles through the plugin's control topic.
      ctl createRole marque-platform
      for acl in "subscribePattern v1/vehicles/+/up/#" "subscribePattern \$share/+/v1/vehicles/+/up/#" \
        "publishClientSend v1/vehicles/+/down/#" "publishClientSend \$CONTROL/dynamic-security/v1" \
        "subscribeLiteral \$CONTROL/dynamic-security/v1/response" \
        "publishClientReceive \$CONTROL/dynamic-security/v1/response"; do
        # shellcheck disable=SC2086
        ctl addRoleACL marque-platform $acl allow
      done
      ctl createClient marque -p "$service_pw"
      ctl addClientRole marque marque-platform
      mosquitto_ctrl -h 127.0.0.1 -p "$port" -u admin -P "$admin_pw" dynsec getClient marque 2>/dev/null |
        grep -q 'marque-platform' || { log "could not create the service account"; exit 1; }
      echo "mqtt://marque:$service_pw@127.0.0.1:$port"
    else
      echo "mqtt://127.0.0.1:$port"
    fi
    exit 0
  fi
  sleep 0.2
done
log "Mosquitto does not answer on 127.0.0.1:$port"; cat "$state/mosquitto.log" >&2 || true
exit 1
