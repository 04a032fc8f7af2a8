# Sourced by run.sh and send.sh: a private Orthanc for one timed contender, on a free 127.0.0.1 port, with its storage in
# a folder of its own, stopped by its own PID. The caller defines fail() and sets orthanc_pid="" before its EXIT trap.
#
#   start_local_orthanc DIR NAME [PLUGIN]   -> sets orthanc_pid and exports orthanc_url (http://127.0.0.1:PORT)
#   stop_local_orthanc DIR EXPECTED LABEL   -> fails unless Orthanc holds EXPECTED instances; stops it; removes DIR

start_local_orthanc() {
  local dir=$1 name=$2 plugins="" port
  [[ $# -ge 3 ]] && plugins="\"$3\""
  mkdir -p "$dir/db"
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat >"$dir/orthanc.json" <<JSON
{ "Name": "$name", "StorageDirectory": "$dir/db", "IndexDirectory": "$dir/db",
  "HttpPort": $port, "DicomServerEnabled": false, "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
  "StorageCompression": false, "Plugins": [ $plugins ] }
JSON
  /usr/sbin/Orthanc "$dir/orthanc.json" >"$dir/log.txt" 2>&1 &
  orthanc_pid=$!
  export orthanc_url="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -sf "$orthanc_url/system" >/dev/null && return 0; sleep 0.1; done
  fail "Orthanc did not start (see $dir/log.txt)"
}

stop_local_orthanc() {
  local dir=$1 expected=$2 label=$3 stored
  stored=$(curl -sf "$orthanc_url/statistics" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["CountInstances"])')
  kill "$orthanc_pid"; wait "$orthanc_pid" 2>/dev/null || true; orthanc_pid=""
  rm -rf "$dir"
  [[ $stored -eq $expected ]] || fail "$label: Orthanc holds $stored of $expected instances"
}
