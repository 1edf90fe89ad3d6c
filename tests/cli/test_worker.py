"""`displace worker`: a process that takes the web app's queued jobs from the database and stops,
after its current job, when asked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

DISPLACE = Path(sys.executable).with_name("displace")
DEAL = Path(__file__).resolve().parents[2] / "examples" / "deals" / (
    "greater-smithville-vs-giant-national.toml")

QUEUE_AN_UPLOAD = """
from displace.web.bootstrap import start_django
start_django()
from django.contrib.auth.models import User
from displace.web.conversations.actions import Upload, record_upload
from displace.web.deals.models import Deal
call = "Rep: How is your bank?\\nProspect: Generally fine, nothing significant.\\n"
recorded = record_upload(Deal.objects.get(), Upload("call.txt", call.encode()),
                         by=User.objects.get())
print(recorded.conversation.pk, recorded.conversation.analysis_state)
"""

STATE_OF = """
import sys
from displace.web.bootstrap import start_django
start_django(migrate=False)
from displace.web.conversations.models import Conversation
c = Conversation.objects.get(pk=int(sys.argv[1]))
print(c.analysis_state, c.findings.count())
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DISPLACE_DATA_DIR=str(tmp_path / "data"), DISPLACE_JOBS_INLINE="0",
               DISPLACE_TASK_BACKEND="database")
    return env


def _python(env: dict[str, str], code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_worker_process_analyses_a_queued_upload_and_stops_when_asked(tmp_path: Path) -> None:
    env = _env(tmp_path)
    for args in (("createuser", "minh", "--role", "rep", "--password", "s3cret-pass-2026"),
                 ("import-deal", str(DEAL), "--owner", "minh")):
        done = subprocess.run([str(DISPLACE), *args], capture_output=True, text=True, env=env,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr
    conversation_id, state = _python(env, QUEUE_AN_UPLOAD).split()
    assert state == "queued"
    worker = subprocess.Popen([str(DISPLACE), "worker"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while (seen := _python(env, STATE_OF, conversation_id)).startswith(("queued", "running")):
            assert time.monotonic() < deadline, "the worker did not analyse the upload in 90 s"
            time.sleep(1)
        state, findings = seen.split()
        assert state == "done" and int(findings) > 0
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
