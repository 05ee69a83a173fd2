"""The production deployment files: docker-compose.yml validates, keeps secrets out, pins Meilisearch;
the Dockerfile installs CPU-only torch first and runs unprivileged.

Validation is Debian's ``docker-compose config -q`` through ``scripts/compose-check`` (offline; no
Docker engine needed). Without docker-compose, and no way to install it, that test skips and says so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.store import Store
from service.translate import jobs
from tests.conftest import REPO

COMPOSE = REPO / "docker-compose.yml"
SECRETS = ("MEILI_MASTER_KEY", "KURSFINDER_MEILI_KEY", "KURSFINDER_ADMIN_KEY", "KURSFINDER_PUBLIC_BASE_URL")


def _compose_check(env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(REPO / "scripts" / "compose-check")], capture_output=True, text=True,
                          env=env or dict(os.environ), timeout=600, check=False)


def test_docker_compose_accepts_the_compose_file() -> None:
    result = _compose_check()
    if result.returncode == 3:
        pytest.skip(f"docker-compose config -q not run: {result.stderr.strip()}")
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_refuses_to_start_without_the_master_key() -> None:
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed (scripts/compose-check installs it when run as root)")
    env = {**os.environ, **{name: "placeholder-value-for-the-test" for name in SECRETS}}
    env["MEILI_MASTER_KEY"] = ""  # set-but-empty counts as missing for `:?`
    result = subprocess.run(["docker-compose", "--project-directory", str(REPO), "-f", str(COMPOSE), "config",
                             "-q"], capture_output=True, text=True, env=env, timeout=600, check=False)
    assert result.returncode != 0 and "set MEILI_MASTER_KEY" in result.stderr


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_secrets_have_no_defaults() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    for name in SECRETS:
        uses = re.findall(r"\$\{" + name + r"([^}]*)\}", text)
        assert uses and all(use.startswith(":?") for use in uses), name


def test_meilisearch_is_pinned_persistent_and_health_checked() -> None:
    meili = _compose()["services"]["meilisearch"]
    assert re.fullmatch(r"getmeili/meilisearch:v1\.\d+\.\d+", meili["image"])
    minor = int(meili["image"].split(".")[1])
    assert minor >= 15  # granular filterableAttributes (1.14) and typoTolerance.disableOnNumbers (1.15)
    assert any(v.endswith(":/meili_data") for v in meili["volumes"])
    assert "/health" in " ".join(meili["healthcheck"]["test"])
    assert meili["environment"]["MEILI_ENV"] == "production"


def test_api_and_worker_run_one_image_with_data_and_models_volumes() -> None:
    services = _compose()["services"]
    api, worker = services["api"], services["worker"]
    assert api["image"] == worker["image"] and api["build"] == "." and "build" not in worker
    assert api["command"][:2] == ["kursfinder", "serve"] and worker["command"] == ["kursfinder", "worker"]
    for service in (api, worker):
        assert {"kursfinder_data:/data", "argos_models:/models"} <= set(service["volumes"])
        env = service["environment"]
        assert env["KURSFINDER_ENGINE"] == "meilisearch" and env["KURSFINDER_MEILI_URL"] == "http://meilisearch:7700"
        assert all(key.startswith("KURSFINDER_") for key in env)
    assert api["depends_on"]["meilisearch"]["condition"] == "service_healthy"
    assert "/health" in " ".join(api["healthcheck"]["test"])
    assert all(port.startswith("127.0.0.1:") for port in api["ports"])  # TLS proxy in front


def test_every_long_running_service_has_a_healthcheck() -> None:
    services = _compose()["services"]
    long_running = {name for name, service in services.items()
                    if str(service.get("restart", "no")) not in ("no", "on-failure")}
    assert long_running == {"meilisearch", "api", "worker"}
    for name in long_running:
        check = services[name].get("healthcheck")
        assert check and not check.get("disable"), f"{name} has no healthcheck"
        assert check["test"][0] in ("CMD", "CMD-SHELL") and len(check["test"]) > 1, name
        assert {"interval", "timeout", "retries"} <= set(check), name


def _worker_check(data_dir: Path) -> subprocess.CompletedProcess[str]:
    """The worker's healthcheck command, run here with this interpreter against ``data_dir``."""
    test = _compose()["services"]["worker"]["healthcheck"]["test"]
    assert test[:2] == ["CMD", "python"]
    env = {"PATH": os.environ.get("PATH", ""), "KURSFINDER_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, *test[2:]], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=60, check=False)


def test_worker_healthcheck_passes_only_while_its_store_is_there(tmp_path: Path) -> None:
    missing = tmp_path / "unmounted"
    assert _worker_check(missing).returncode != 0
    assert not (missing / "kursfinder.db").exists()  # the check never creates an empty store

    store = Store(tmp_path / "data" / "kursfinder.db")
    try:
        assert _worker_check(tmp_path / "data").returncode != 0  # no translation queue yet
        store.migrate(jobs.COMPONENT, jobs.SCRIPTS)
        result = _worker_check(tmp_path / "data")
        assert result.returncode == 0, result.stderr
    finally:
        store.close()
    (tmp_path / "data" / "kursfinder.db").write_bytes(b"not a database" * 100)
    assert _worker_check(tmp_path / "data").returncode != 0


def test_dockerfile_installs_cpu_torch_first_and_runs_unprivileged() -> None:
    lines = [line.strip() for line in (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines()]
    torch = next(i for i, line in enumerate(lines) if "torch==2.13.0" in line)
    assert "--index-url https://download.pytorch.org/whl/cpu" in lines[torch]
    assert torch < next(i for i, line in enumerate(lines) if "pip install ." in line)
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert lines[-1].startswith("CMD") and "serve" in lines[-1]


def test_dockerignore_keeps_the_venv_secrets_and_data_out() -> None:
    ignored = set((REPO / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".venv", ".env", ".git", "var", "tests"} <= ignored


def test_the_image_holds_the_files_the_service_reads_beside_its_code() -> None:
    """The seed glossary is read from ``data/glossary`` on a fresh store: without it the API cannot start."""
    from service.glossary.seed import SEED_PATH

    copied = [line.split()[1] for line in (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines()
              if line.startswith("COPY ")]
    ignore = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    seed = SEED_PATH.relative_to(REPO).as_posix()
    assert any(seed.startswith(f"{path}/") for path in copied), copied
    assert "!data/glossary" in ignore and ignore.index("!data/glossary") > ignore.index("data")
