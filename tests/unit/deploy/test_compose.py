"""docker-compose.yml, the Dockerfile and the topic script, checked without a Docker engine.

The compose file is validated against the Compose Specification JSON Schema (vendored in
tests/data/compose-spec, see its README) after Compose-style variable interpolation, then checked
for what the schema cannot know: files exist, images are pinned, the worker can scale, the pieces
agree with each other and with monitor.settings.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from typing import Any

import jsonschema
import pytest

from monitor.settings import Settings, Topics
from tests.unit.deploy.support import COMPOSE, DEPLOY, PROMETHEUS_YML, ROOT, load_yaml

SCHEMA = ROOT / "tests" / "data" / "compose-spec" / "compose-spec.json"
DOCKERFILE = ROOT / "Dockerfile"
TOPICS_SCRIPT = DEPLOY / "kafka" / "create-topics.sh"
APPS = ("poller", "worker", "webhook")  # the Marsad services of the compose file

_VAR = re.compile(r"\$(?:\$|\{(?P<braced>[^}]+)\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")


def interpolate(value: Any, env: dict[str, str]) -> Any:
    """Compose's variable interpolation: ``${V}``, ``${V:-default}``, ``${V-default}``, ``$$``."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def sub(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        expr = m["braced"] or m["plain"]
        for sep in (":-", "-", ":?", "?"):
            if sep in expr:
                name, default = expr.split(sep, 1)
                if sep in (":?", "?"):
                    if name not in env:
                        raise ValueError(f"{COMPOSE.name}: required variable {name}: {default}")
                    return env[name]
                unset = name not in env or (sep == ":-" and not env[name])
                return default if unset else env[name]
        return env.get(expr, "")

    return _VAR.sub(sub, value)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = interpolate(load_yaml(COMPOSE), env={})
    assert isinstance(data, dict)
    return data


def _validator() -> jsonschema.Draft7Validator:
    # The schema's $schema is draft-07 (spelled with https), so pick the validator explicitly.
    return jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_interpolation_follows_compose_rules() -> None:
    env = {"A": "1", "E": ""}
    assert interpolate("${A:-x} ${B:-y} ${E:-z} ${E-w} $A $$A ${B}", env) == "1 y z  1 $A "
    with pytest.raises(ValueError, match="required variable B"):
        interpolate("${B:?set B}", env)


def test_compose_file_validates_against_the_compose_spec(compose: dict[str, Any]) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator().iter_errors(compose)
    ]
    assert not errors, "\n".join(errors)


def test_the_schema_check_catches_mistakes(compose: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(compose))
    broken["services"]["worker"]["deploy"] = {"replica": 2}  # misspelt
    broken["services"]["poller"]["depends_on"] = {"kafka-init": {"condition": "done"}}
    paths = {"/".join(map(str, e.absolute_path)) for e in _validator().iter_errors(broken)}
    assert "services/worker/deploy" in paths
    assert any(p.startswith("services/poller/depends_on") for p in paths)


def test_images_are_pinned(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        image = service.get("image")
        assert image, f"service {name}: no image (built services need a tag too)"
        repo, _, tag = image.rpartition(":")
        assert repo and tag and tag != "latest" and re.search(r"\d", tag), f"{name}: {image}"
    assert re.fullmatch(r"apache/kafka:3\.9\.\d+", compose["services"]["kafka"]["image"])


def test_kafka_runs_in_kraft_mode_with_a_healthcheck(compose: dict[str, Any]) -> None:
    kafka = compose["services"]["kafka"]
    env = kafka["environment"]
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert "zookeeper" not in json.dumps(compose).lower()
    assert kafka["healthcheck"]["test"]
    assert (
        compose["services"]["kafka-init"]["depends_on"]["kafka"]["condition"] == "service_healthy"
    )


def test_topic_script_creates_every_topic_with_the_app_partitions(compose: dict[str, Any]) -> None:
    script = TOPICS_SCRIPT.read_text(encoding="utf-8")
    created = set(re.findall(r"^create (\S+) ", script, flags=re.M))
    assert created == set(Topics.for_prefix("")), "create-topics.sh vs monitor.settings.Topics"
    assert re.search(r"--config \"retention\.ms=\$2\"", script)
    subprocess.run(["sh", "-n", str(TOPICS_SCRIPT)], check=True)
    init = compose["services"]["kafka-init"]
    mounted = {v.split(":")[1]: v.split(":")[0] for v in init["volumes"]}
    assert mounted[init["entrypoint"][-1]] == "./deploy/kafka/create-topics.sh"
    for app in APPS:
        env = compose["services"][app]["environment"]
        assert env["MARSAD_TOPIC_PARTITIONS"] == init["environment"]["PARTITIONS"]
        assert env["MARSAD_TOPIC_PREFIX"] == init["environment"]["PREFIX"]
        condition = compose["services"][app]["depends_on"]["kafka-init"]["condition"]
        assert condition == "service_completed_successfully"


def test_bind_mounts_and_build_context_exist(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith((".", "/")):
                assert (ROOT / source).exists(), f"service {name}: {source} does not exist"
        if "build" in service:
            assert (ROOT / service["build"]["context"] / "Dockerfile").is_file()


def test_worker_can_scale(compose: dict[str, Any]) -> None:
    worker = compose["services"]["worker"]
    assert "container_name" not in worker, "a fixed name allows one replica only"
    assert "ports" not in worker, "a host port allows one replica only"
    assert "9108" in worker["expose"]
    # Prometheus discovers every replica by DNS, on the port the apps serve /metrics on.
    jobs = {j["job_name"]: j for j in load_yaml(PROMETHEUS_YML)["scrape_configs"]}
    for app in APPS:
        sd = jobs[f"marsad-{app}"]["dns_sd_configs"][0]
        assert sd["names"] == [app] and sd["type"] == "A"
        assert str(sd["port"]) == compose["services"][app]["environment"]["MARSAD_METRICS_PORT"]


def test_app_environment_names_are_settings(compose: dict[str, Any]) -> None:
    fields = set(Settings.model_fields)
    for app in APPS:
        for key in compose["services"][app]["environment"]:
            assert key.startswith("MARSAD_"), key
            assert key.removeprefix("MARSAD_").lower() in fields, f"{app}: {key} is no setting"


def test_poller_reads_the_mounted_feeds_file(compose: dict[str, Any]) -> None:
    poller = compose["services"]["poller"]
    feeds = poller["command"][poller["command"].index("--feeds") + 1]
    assert any(v.split(":")[1] == feeds for v in poller["volumes"])


def test_prometheus_loads_the_project_config_and_rules(compose: dict[str, Any]) -> None:
    prometheus = compose["services"]["prometheus"]
    assert "./deploy/prometheus:/etc/prometheus:ro" in prometheus["volumes"]
    assert "--config.file=/etc/prometheus/prometheus.yml" in prometheus["command"]
    for rule_file in load_yaml(PROMETHEUS_YML)["rule_files"]:
        assert (PROMETHEUS_YML.parent / rule_file).is_file()


def _stages(text: str) -> list[tuple[str, list[str]]]:
    """``(FROM line, instructions)`` per stage of a Dockerfile (continuations joined)."""
    joined = re.sub(r"\\\n", " ", text)
    stages: list[tuple[str, list[str]]] = []
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            stages.append((line, []))
        elif stages:
            stages[-1][1].append(line)
    return stages


def test_dockerfile_is_multi_stage_pinned_and_non_root() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", text, flags=re.M)
    assert base and re.fullmatch(r"python:3\.1[1-9]\.\d+-slim-\w+", base[1]), "pin the base image"
    stages = _stages(text)
    assert len(stages) >= 2
    _, final = stages[-1]
    assert any(i.startswith("COPY --from=build ") for i in final), "runtime copies the build"
    users = [i.split()[1] for i in final if i.startswith("USER ")]
    assert users, "the runtime stage must set USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0, "numeric non-root uid (runAsNonRoot can verify it)"
    entrypoint = next(i for i in final if i.startswith("ENTRYPOINT "))
    assert json.loads(entrypoint.removeprefix("ENTRYPOINT ")) == ["marsad"]
    # The compose file and the Kubernetes manifests run the same uid.
    assert f"uid={uid}" in COMPOSE.read_text(encoding="utf-8")


def test_dockerignore_keeps_secrets_and_local_state_out() -> None:
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".git", ".venv", ".env", ".marsad", "tests"} <= ignored
    copied = [
        shlex.split(i)[1]
        for _, stage in _stages(DOCKERFILE.read_text(encoding="utf-8"))
        for i in stage
        if i.startswith("COPY ") and "--from=" not in i
    ]
    assert copied and not any(c in ignored for c in copied), copied
