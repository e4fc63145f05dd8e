# Sourced by scripts/start: make sure a RabbitMQ answers at RABBITMQ_URL's host and port before `thidua up`.
# Starts an installed rabbitmq-server, installs Debian's package when it may (root and apt-get), and otherwise
# says exactly what to run. Nothing is done when a broker already answers.
broker_url="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672/}"
broker_hostport="${broker_url#*://}"; broker_hostport="${broker_hostport##*@}"; broker_hostport="${broker_hostport%%/*}"
broker_host="${broker_hostport%%:*}"; broker_port="${broker_hostport##*:}"
[[ "$broker_port" == "$broker_hostport" ]] && broker_port=5672

broker_answers() { (exec 3<>"/dev/tcp/$broker_host/$broker_port") 2>/dev/null; }

wait_for_broker() {
  for _ in $(seq 1 "${THIDUA_BROKER_WAIT_S:-60}"); do broker_answers && return 0; sleep 1; done
  return 1
}

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; elif sudo -n true 2>/dev/null; then sudo -n "$@"; else return 1; fi; }

if ! broker_answers; then
  local_broker=0
  [[ "$broker_host" == "127.0.0.1" || "$broker_host" == "localhost" ]] && local_broker=1
  if [[ $local_broker -eq 1 ]] && ! command -v rabbitmq-server >/dev/null 2>&1 \
     && [[ ! -x /usr/sbin/rabbitmq-server ]] && command -v apt-get >/dev/null 2>&1 && as_root true; then
    echo "No RabbitMQ answers at $broker_host:$broker_port: installing Debian's rabbitmq-server" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >&2 \
      || { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >&2; }
  fi
  if [[ $local_broker -eq 1 ]] && { command -v rabbitmq-server >/dev/null 2>&1 || [[ -x /usr/sbin/rabbitmq-server ]]; }; then
    echo "Starting the installed RabbitMQ" >&2
    as_root systemctl start rabbitmq-server 2>/dev/null \
      || as_root /usr/sbin/rabbitmq-server -detached 2>/dev/null \
      || true
  fi
  if ! wait_for_broker; then
    echo "No RabbitMQ answers at $broker_host:$broker_port, and this command may not install or start one." >&2
    echo "Run one of these, then bash scripts/start again:" >&2
    echo "  sudo apt-get install rabbitmq-server && sudo systemctl start rabbitmq-server" >&2
    echo "  docker run -d --name rabbitmq -p 5672:5672 -p 15672:15672 rabbitmq:4-management" >&2
    echo "  or set RABBITMQ_URL to a broker you already run." >&2
    exit 1
  fi
fi
