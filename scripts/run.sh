#!/usr/bin/env bash
# The demo hall on the embedded defaults: SQLite, a filesystem broker, a real Celery
# worker and beat, and the web server. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DEBUG=${DEBUG:-1}
PORT=${PORT:-8000}
PY=.venv/bin/python

$PY manage.py migrate --noinput
$PY manage.py compilemessages --ignore .venv >/dev/null 2>&1 || true
$PY manage.py seed_demo
# Demo only: admin and supervisor sign in with two factors; bind them to a published secret.
OTP_INFO=$($PY manage.py demo_otp)

mkdir -p var/log
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo; echo "==> stopping web, worker and beat"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  # A worker holding countdown tasks can take a while to shut down warmly: give everything
  # ten seconds, then stop what is left (the countdowns are in the broker and the database).
  for _ in $(seq 20); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.5
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  pkill -KILL -f "celery -A hall worker .*hall-demo-$$" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "==> stopped"
}
trap stop_all INT TERM EXIT

: >var/log/worker.log; : >var/log/beat.log
$PY -m celery -A hall worker --loglevel=INFO --concurrency=2 -n "hall-demo-$$@%h" > >(tee -a var/log/worker.log) 2>&1 &
pids+=($!)
$PY -m celery -A hall beat --loglevel=INFO > >(tee -a var/log/beat.log) 2>&1 &
pids+=($!)
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload &
pids+=($!)

# The banner comes last, once the worker is ready, beat has started and the web answers.
for _ in $(seq 120); do
  grep -q "ready\." var/log/worker.log && grep -q "beat: Starting" var/log/beat.log \
    && curl -fsS "http://127.0.0.1:${PORT}/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
cat <<INFO

============================================================
 政务服务中心已启动：http://127.0.0.1:${PORT}/
 管理后台：http://127.0.0.1:${PORT}/admin/    接口文档：http://127.0.0.1:${PORT}/api/docs/
 演示账号（密码均为 hall-demo-2026）：
   admin 管理员 · desk 综合受理窗口 · special 专业窗口 · reviewer / chief 市场监管局
   reviewer2 卫生健康委 · delivery 出件窗口 · supervisor 督查 · applicant / applicant2 申请人
 worker 与 beat 的日志：var/log/worker.log、var/log/beat.log
 admin 和 supervisor 须两步验证：
${OTP_INFO}
 按 Ctrl-C 停止 web、worker 和 beat。
============================================================
INFO
wait -n "${pids[@]}"
