"""deploy/k8s: kustomizations are consistent, manifests validate against Kubernetes schemas.

Built-in kinds are validated with the JSON schemas `kubernetes-validate` ships (strict: unknown
fields fail); the Prometheus Operator kinds with the minimal structural schemas below. When
``kubectl`` is installed, ``kubectl kustomize`` renders base and overlays and the rendered output
is validated and cross-checked too (generated ConfigMap names, patches, deletions).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from kubernetes_validate import utils as kv

from monitor.settings import Settings
from tests.unit.deploy.support import DASHBOARDS, K8S, ROOT, RULES, load_all_yaml, load_yaml

K8S_VERSION = "1.30.0"
BASE = K8S / "base"
KUSTOMIZATIONS = sorted(p.parent for p in K8S.rglob("kustomization.yaml"))
# Components (deploy/k8s/components/*) are parts of overlays; only the others build alone.
BUILDABLE = [
    k for k in KUSTOMIZATIONS if load_yaml(k / "kustomization.yaml")["kind"] == "Kustomization"
]
KUBECTL = shutil.which("kubectl")
needs_kubectl = pytest.mark.skipif(
    KUBECTL is None, reason="kubectl not installed: rendered output not checked (sources still are)"
)
APP_UID = 10001  # the Dockerfile's USER

_SELECTOR = {
    "type": "object",
    "required": ["matchLabels"],
    "properties": {"matchLabels": {"type": "object", "additionalProperties": {"type": "string"}}},
}
_ENDPOINT = {
    "type": "object",
    "required": ["port"],
    "properties": {
        "port": {"type": "string"},
        "path": {"type": "string", "pattern": "^/"},
        "interval": {"type": "string", "pattern": "^[0-9]+(ms|s|m|h)$"},
        "relabelings": {"type": "array", "items": {"type": "object"}},
    },
}
_RULE = {
    "type": "object",
    "required": ["expr"],
    "oneOf": [{"required": ["alert"]}, {"required": ["record"]}],
    "properties": {
        "alert": {"type": "string"},
        "record": {"type": "string"},
        "expr": {"type": "string"},
        "for": {"type": "string"},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "additionalProperties": False,
}
_METADATA = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"}},
}


def _crd(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": "monitoring.coreos.com/v1"},
            "metadata": _METADATA,
            "spec": spec,
        },
    }


def _monitor(endpoints_field: str) -> dict[str, Any]:
    return _crd(
        {
            "type": "object",
            "required": ["selector", endpoints_field],
            "properties": {
                "selector": _SELECTOR,
                endpoints_field: {"type": "array", "minItems": 1, "items": _ENDPOINT},
            },
        }
    )


# Minimal structural schemas of the Prometheus Operator's CRDs (the fields used here).
CRD_SCHEMAS = {
    "ServiceMonitor": _monitor("endpoints"),
    "PodMonitor": _monitor("podMetricsEndpoints"),
    "PrometheusRule": _crd(
        {
            "type": "object",
            "required": ["groups"],
            "properties": {
                "groups": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["name", "rules"],
                        "properties": {
                            "name": {"type": "string"},
                            "interval": {"type": "string"},
                            "rules": {"type": "array", "minItems": 1, "items": _RULE},
                        },
                        "additionalProperties": False,
                    },
                }
            },
        }
    ),
}


def validate(doc: dict[str, Any], where: str) -> None:
    """Validate one manifest: Kubernetes schema (strict) or our CRD schema."""
    kind = doc.get("kind")
    if kind in CRD_SCHEMAS:
        errors = list(jsonschema.Draft7Validator(CRD_SCHEMAS[kind]).iter_errors(doc))
        if errors:
            pytest.fail(
                f"{where}: {kind}: "
                + "; ".join(f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)
            )
        return
    try:
        kv.validate(doc, K8S_VERSION, strict=True)
    except kv.ValidationError as exc:
        path = ".".join(map(str, exc.path))
        pytest.fail(f"{where}: {kind} {doc['metadata'].get('name')}: {path}: {exc.message}")
    except kv.SchemaNotFoundError as exc:
        pytest.fail(f"{where}: {exc.message}")


def source_documents() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every manifest listed as a file resource of every kustomization."""
    for folder in KUSTOMIZATIONS:
        for resource in load_yaml(folder / "kustomization.yaml").get("resources", []):
            path = folder / resource
            if path.is_file():
                for doc in load_all_yaml(path):
                    yield str(path.relative_to(ROOT)), doc


@pytest.mark.parametrize("folder", KUSTOMIZATIONS, ids=lambda p: str(p.relative_to(K8S)))
def test_kustomization_references_exist(folder: Path) -> None:
    k = load_yaml(folder / "kustomization.yaml")
    assert (k["apiVersion"], k["kind"]) in {
        ("kustomize.config.k8s.io/v1beta1", "Kustomization"),
        ("kustomize.config.k8s.io/v1alpha1", "Component"),
    }
    for resource in k.get("resources", []) + k.get("components", []):
        path = (folder / resource).resolve()
        assert path.is_file() or (path / "kustomization.yaml").is_file(), f"{folder}: {resource}"
    for gen in k.get("configMapGenerator", []) + k.get("secretGenerator", []):
        for entry in gen.get("files", []):
            file = entry.split("=", 1)[-1]
            assert (folder / file).is_file(), f"{folder}: generator {gen['name']}: {file}"
            assert (folder / file).resolve().is_relative_to(folder.resolve()), "kustomize refuses"


def test_base_lists_every_manifest_in_its_folder() -> None:
    listed = set(load_yaml(BASE / "kustomization.yaml")["resources"])
    present = {p.name for p in BASE.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present


def test_source_manifests_validate() -> None:
    docs = list(source_documents())
    kinds = {d["kind"] for _, d in docs}
    assert {
        "Deployment",
        "Service",
        "Secret",
        "ServiceMonitor",
        "PodMonitor",
        "PrometheusRule",
    } <= kinds
    for where, doc in docs:
        validate(doc, where)


def test_validation_catches_mistakes() -> None:
    deployment = load_yaml(BASE / "worker-deployment.yaml")
    deployment["spec"]["replica"] = 2  # misspelt
    with pytest.raises(kv.ValidationError):
        kv.validate(deployment, K8S_VERSION, strict=True)
    monitor = load_yaml(BASE / "podmonitor.yaml")
    del monitor["spec"]["podMetricsEndpoints"]
    with pytest.raises(pytest.fail.Exception, match="podMetricsEndpoints"):
        validate(monitor, "podmonitor.yaml")


def test_generated_copies_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "sync_deploy.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_prometheus_rule_is_rules_yml() -> None:
    rule = load_yaml(BASE / "prometheusrule.yaml")
    assert rule["spec"]["groups"] == load_yaml(RULES)["groups"]


def _by_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def _base_docs() -> list[dict[str, Any]]:
    """The base's manifests and the components' (which add to it)."""
    parts = ("deploy/k8s/base/", "deploy/k8s/components/")
    return [doc for where, doc in source_documents() if where.startswith(parts)]


def test_services_and_monitors_select_the_pods_and_ports() -> None:
    docs = _base_docs()
    deployments = _by_kind(docs, "Deployment")
    services = _by_kind(docs, "Service")
    pod_labels = {n: d["spec"]["template"]["metadata"]["labels"] for n, d in deployments.items()}
    port_names = {
        n: {p["name"] for c in d["spec"]["template"]["spec"]["containers"] for p in c["ports"]}
        for n, d in deployments.items()
    }

    def selected(selector: dict[str, str], labels: dict[str, str]) -> bool:
        return selector.items() <= labels.items()

    for name, service in services.items():
        targets = [
            d for d, labels in pod_labels.items() if selected(service["spec"]["selector"], labels)
        ]
        assert targets == [name], f"Service {name} selects {targets}"
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in port_names[name]
    for name, sm in _by_kind(docs, "ServiceMonitor").items():
        chosen = [
            s
            for s, svc in services.items()
            if selected(sm["spec"]["selector"]["matchLabels"], svc["metadata"]["labels"])
        ]
        assert chosen == ["marsad-poller"], f"ServiceMonitor {name} selects {chosen}"
        assert {e["port"] for e in sm["spec"]["endpoints"]} <= {
            p["name"] for p in services["marsad-poller"]["spec"]["ports"]
        }
    for name, pm in _by_kind(docs, "PodMonitor").items():
        chosen = [
            d
            for d, labels in pod_labels.items()
            if selected(pm["spec"]["selector"]["matchLabels"], labels)
        ]
        assert chosen == [name], f"PodMonitor {name} selects {chosen}"
        endpoints = pm["spec"]["podMetricsEndpoints"]
        assert {e["port"] for e in endpoints} <= port_names[name]
        # rules.yml and the dashboards expect the same job names as docker-compose.
        assert {"action": "replace", "targetLabel": "job", "replacement": name} in (
            endpoints[0]["relabelings"]
        )
    assert set(_by_kind(docs, "PodMonitor")) == {"marsad-worker", "marsad-webhook"}


def test_pods_run_hardened_as_the_image_user() -> None:
    for name, d in _by_kind(_base_docs(), "Deployment").items():
        pod = d["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["runAsUser"] == APP_UID, name
        assert pod["automountServiceAccountToken"] is False, name
        mounts = set()
        for c in pod["containers"]:
            sc = c["securityContext"]
            assert sc["allowPrivilegeEscalation"] is False and sc["readOnlyRootFilesystem"] is True
            assert sc["capabilities"]["drop"] == ["ALL"]
            assert c["livenessProbe"]["httpGet"]["port"] == "metrics"
            mounts |= {m["mountPath"] for m in c["volumeMounts"]}
        # A read-only root needs writable state and temporary directories.
        assert {"/var/lib/marsad", "/tmp"} <= mounts, name


def _configmap_literals(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for gen in load_yaml(folder / "kustomization.yaml").get("configMapGenerator", []):
        if gen["name"] == "marsad-env":
            out.update(dict(lit.split("=", 1) for lit in gen["literals"]))
    return out


@pytest.mark.parametrize("folder", KUSTOMIZATIONS, ids=lambda p: str(p.relative_to(K8S)))
def test_environment_names_are_settings(folder: Path) -> None:
    fields = set(Settings.model_fields)
    names = set(_configmap_literals(folder))
    for doc in (d for w, d in source_documents() if w.startswith(str(folder.relative_to(ROOT)))):
        if doc["kind"] == "Deployment":
            for c in doc["spec"]["template"]["spec"]["containers"]:
                names |= {e["name"] for e in c.get("env", [])}
    for name in names:
        assert name.startswith("MARSAD_") and name.removeprefix("MARSAD_").lower() in fields, name
    # Values must be acceptable to Settings too (enums, numbers).
    literals = _configmap_literals(BASE) | _configmap_literals(folder)
    Settings.model_validate({k.removeprefix("MARSAD_").lower(): v for k, v in literals.items()})


def test_config_files_are_mounted_where_the_settings_point() -> None:
    docs = _base_docs()
    deployments = _by_kind(docs, "Deployment")
    literals = _configmap_literals(BASE)

    def mount_of(deployment: str, configmap: str) -> str:
        pod = deployments[deployment]["spec"]["template"]["spec"]
        volume = next(
            v["name"] for v in pod["volumes"] if v.get("configMap", {}).get("name") == configmap
        )
        return str(
            next(
                m["mountPath"] for m in pod["containers"][0]["volumeMounts"] if m["name"] == volume
            )
        )

    args = deployments["marsad-poller"]["spec"]["template"]["spec"]["containers"][0]["args"]
    assert (
        args[args.index("--feeds") + 1] == f"{mount_of('marsad-poller', 'marsad-feeds')}/feeds.yaml"
    )
    assert (
        literals["MARSAD_PROFILE_FILE"]
        == f"{mount_of('marsad-worker', 'marsad-profiles')}/profiles.yaml"
    )
    assert literals["MARSAD_STATE_DIR"] == "/var/lib/marsad"


def _kustomize(folder: Path) -> list[dict[str, Any]]:
    assert KUBECTL is not None
    result = subprocess.run(
        [KUBECTL, "kustomize", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"kubectl kustomize {folder}: {result.stderr}"
    return [d for d in yaml.safe_load_all(result.stdout) if d]


@needs_kubectl
@pytest.mark.parametrize("folder", BUILDABLE, ids=lambda p: str(p.relative_to(K8S)))
def test_rendered_output_validates_and_references_resolve(folder: Path) -> None:
    docs = _kustomize(folder)
    for doc in docs:
        validate(doc, f"kubectl kustomize {folder.relative_to(ROOT)}")
    names = {(d["kind"], d["metadata"]["name"]) for d in docs}
    # Secrets absent from the output are created out of band: the kustomizations must say how.
    documented = " ".join(p.read_text() for p in K8S.rglob("kustomization.yaml"))
    refs_all: set[tuple[str, str]] = set()
    for d in _by_kind(docs, "Deployment").values():
        pod = d["spec"]["template"]["spec"]
        refs = {("ConfigMap", v["configMap"]["name"]) for v in pod["volumes"] if "configMap" in v}
        refs |= {
            ("PersistentVolumeClaim", v["persistentVolumeClaim"]["claimName"])
            for v in pod["volumes"]
            if "persistentVolumeClaim" in v
        }
        refs |= {("ServiceAccount", pod["serviceAccountName"])}
        for c in pod["containers"]:
            refs |= {("ConfigMap", e["configMapRef"]["name"]) for e in c.get("envFrom", [])}
            for e in c.get("env", []):
                if "secretKeyRef" not in e.get("valueFrom", {}):
                    continue
                secret = e["valueFrom"]["secretKeyRef"]["name"]
                if ("Secret", secret) in names:
                    refs.add(("Secret", secret))
                else:
                    assert f"create secret generic {secret} " in documented, secret
        assert refs <= names, f"{folder}: {d['metadata']['name']}: missing {refs - names}"
        refs_all |= refs
    # The pods' ConfigMaps carry a content hash, so a config change rolls the pods.
    mounted = {n for k, n in refs_all if k == "ConfigMap"}
    assert len(mounted) == 3
    assert all(re.fullmatch(r"marsad-(env|feeds|profiles)-[a-z0-9]{10}", n) for n in mounted)


@needs_kubectl
def test_production_overlay_scales_within_the_partitions() -> None:
    docs = _kustomize(K8S / "overlays" / "production")
    env = next(
        d
        for d in docs
        if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("marsad-env")
    )
    workers = _by_kind(docs, "Deployment")["marsad-worker"]
    assert workers["spec"]["replicas"] <= int(env["data"]["MARSAD_TOPIC_PARTITIONS"])
    assert env["data"]["MARSAD_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"} == {"marsad"}


def test_dashboards_config_map_has_every_dashboard() -> None:
    gens = load_yaml(BASE / "kustomization.yaml")["configMapGenerator"]
    dashboards = next(g for g in gens if g["name"] == "marsad-grafana-dashboards")
    assert dashboards["options"]["labels"] == {"grafana_dashboard": "1"}
    listed = {Path(f).name for f in dashboards["files"]}
    assert listed == {p.name for p in DASHBOARDS}
