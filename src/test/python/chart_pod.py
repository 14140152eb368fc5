"""What a pod of the Helm chart (helm/labbook) would run, as a local command line and environment.

``render`` runs ``helm template``; ``launch`` takes one container of the rendered Deployment or Job
and resolves it the way the kubelet and the image would:

* the command is the image's ENTRYPOINT (from ``helm/Dockerfile``) followed by the container's
  ``args`` (which replace the image's CMD);
* the environment is, from lowest to highest precedence: the base image's, the Dockerfile's ``ENV``
  lines, the Service links Kubernetes injects for the release's Services, ``envFrom`` in order
  (ConfigMaps and Secrets from the rendered output or handed in as ``external``, the ones an
  operator creates beforehand), then ``env`` in order (``value`` with ``$(VAR)`` expansion,
  ``valueFrom.secretKeyRef`` / ``configMapKeyRef``);
* paths inside the image are mapped to this machine: the jar to ``target/labbook.jar``, the UI to
  the mlflow wheel's UI build (where the image's ``ui`` stage takes it from), every volume mount
  (the ``/tmp`` emptyDir) and the WORKDIR to fresh folders.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shlex
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from conftest import REPO_ROOT, _find_java

CHART = REPO_ROOT / "helm" / "labbook"
DOCKERFILE = REPO_ROOT / "helm" / "Dockerfile"
KUBE_VERSION = "1.31.0"  # as .ci/helm-check: a go-installed helm defaults to v1.20, below the chart's kubeVersion
RELEASE = "labbook"
NAMESPACE = "ml"
# Where helm/Dockerfile's runtime stage puts the jar and the UI build (checked against it below).
IMAGE_JAR = "/opt/labbook/labbook.jar"
IMAGE_UI = "/opt/labbook/ui"


def find_helm() -> str | None:
    """$LABBOOK_HELM (which must then work), helm on PATH, or a go-installed one; None without any."""
    explicit = os.environ.get("LABBOOK_HELM")
    if explicit:
        if not os.access(explicit, os.X_OK):
            raise RuntimeError(f"LABBOOK_HELM={explicit} is not an executable")
        return explicit
    from shutil import which
    found = which("helm")
    if found:
        return found
    try:
        gopath = subprocess.run(["go", "env", "GOPATH"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        gopath = ""
    candidate = Path(gopath or Path.home() / "go") / "bin" / "helm"
    return str(candidate) if os.access(candidate, os.X_OK) else None


def render(helm: str, values_file: Path, overrides: dict[str, str | int]) -> list[dict]:
    cmd = [helm, "template", RELEASE, str(CHART), "--kube-version", KUBE_VERSION, "--namespace", NAMESPACE,
           "-f", str(values_file)]
    for key, value in overrides.items():
        cmd += ["--set" if isinstance(value, int) else "--set-string", f"{key}={value}"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError(f"helm template failed: {out.stderr}")
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


def find(objects: list[dict], kind: str, name: str | None = None) -> dict:
    found = [o for o in objects if o["kind"] == kind and (name is None or o["metadata"]["name"] == name)]
    if len(found) != 1:
        raise AssertionError(f"expected one {kind} {name or ''}, found {len(found)}")
    return found[0]


@dataclass
class Image:
    env: dict[str, str]
    entrypoint: list[str]
    workdir: str


def image_from_dockerfile(path: Path = DOCKERFILE) -> Image:
    """ENV, ENTRYPOINT and WORKDIR of the Dockerfile's last (runtime) stage."""
    text = re.sub(r"\\\n", " ", path.read_text())
    stages = re.split(r"(?m)^FROM\s", text)
    env, entrypoint, workdir = {}, None, "/"
    for line in stages[-1].splitlines():
        word, _, rest = line.strip().partition(" ")
        if word == "ENV":
            for token in shlex.split(rest):
                key, _, value = token.partition("=")
                env[key] = value
        elif word == "ENTRYPOINT":
            entrypoint = json.loads(rest)
        elif word == "WORKDIR":
            workdir = rest.strip()
        elif word == "COPY":
            assert rest.split()[-1] in (IMAGE_JAR, IMAGE_UI), f"unexpected COPY in the runtime stage: {line}"
    assert entrypoint, "helm/Dockerfile has no ENTRYPOINT in its runtime stage"
    return Image(env=env, entrypoint=entrypoint, workdir=workdir)


@dataclass
class Launch:
    command: list[str]
    env: dict[str, str]
    cwd: Path
    mounts: dict[str, Path]
    container: dict


def _service_links(objects: list[dict]) -> dict[str, str]:
    """The variables Kubernetes injects for each Service (enableServiceLinks defaults to true)."""
    env = {}
    for i, svc in enumerate(o for o in objects if o["kind"] == "Service"):
        prefix = svc["metadata"]["name"].upper().replace("-", "_")
        ip = f"10.96.0.{10 + i}"
        ports = svc["spec"]["ports"]
        env[f"{prefix}_SERVICE_HOST"] = ip
        env[f"{prefix}_SERVICE_PORT"] = str(ports[0]["port"])
        env[f"{prefix}_PORT"] = f"tcp://{ip}:{ports[0]['port']}"
        for p in ports:
            proto = p.get("protocol", "TCP")
            base = f"{prefix}_PORT_{p['port']}_{proto}"
            env.update({base: f"{proto.lower()}://{ip}:{p['port']}", f"{base}_PROTO": proto.lower(),
                        f"{base}_PORT": str(p["port"]), f"{base}_ADDR": ip})
            if "name" in p:
                env[f"{prefix}_SERVICE_PORT_{p['name'].upper().replace('-', '_')}"] = str(p["port"])
    return env


def _data(obj: dict) -> dict[str, str]:
    data = {k: base64.b64decode(v).decode() for k, v in (obj.get("data") or {}).items()} \
        if obj["kind"] == "Secret" else dict(obj.get("data") or {})
    data.update(obj.get("stringData") or {})
    return data


def _expand(value: str, env: dict[str, str]) -> str:
    """Kubernetes' $(VAR) expansion: defined names are replaced, $$ escapes, anything else stays."""
    return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)",
                  lambda m: "$" if m.group(0) == "$$" else env.get(m.group(1), m.group(0)), value)


def launch(objects: list[dict], kind: str, jar: Path, ui_build: Path | None, root: Path,
           external: dict[tuple[str, str], dict[str, str]]) -> Launch:
    """``external`` holds what the operator creates beforehand: {(kind, name): data}."""
    workload = find(objects, kind)
    pod = workload["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    lookup = dict(external)
    for o in objects:
        if o["kind"] in ("Secret", "ConfigMap"):
            lookup[(o["kind"], o["metadata"]["name"])] = _data(o)

    def source(kind_: str, name: str, optional: bool) -> dict[str, str]:
        if (kind_, name) in lookup:
            return lookup[(kind_, name)]
        if optional:
            return {}
        raise AssertionError(f"{workload['metadata']['name']} needs {kind_} {name}, which neither the chart "
                             f"renders nor the test provides")

    image = image_from_dockerfile()
    mounts = {m["mountPath"]: Path(tempfile.mkdtemp(prefix="vol-", dir=root)) for m in container.get("volumeMounts", [])}
    cwd = Path(tempfile.mkdtemp(prefix="workdir-", dir=root))
    paths = {IMAGE_JAR: str(jar), image.workdir: str(cwd), **{k: str(v) for k, v in mounts.items()}}
    if ui_build is not None:
        paths[IMAGE_UI] = str(ui_build)

    # One pass, longest path first, so that a mapped path is never mapped again.
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(p) for p in sorted(paths, key=len, reverse=True))
                         + r")(?=$|[/\s:;,])")

    def local(value: str) -> str:
        return pattern.sub(lambda m: paths[m.group(1)], value)

    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
           "JAVA_HOME": str(Path(_find_java()).resolve().parents[1])}  # what the JRE base image sets
    env.update(image.env)
    env.update(_service_links(objects))
    for src in container.get("envFrom", []):
        for kind_, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
            if key in src:
                prefix = src.get("prefix", "")
                env.update({prefix + k: v for k, v in source(kind_, src[key]["name"], src[key].get("optional", False)).items()})
    for var in container.get("env", []):
        if "valueFrom" in var:
            ref = var["valueFrom"]
            kind_, r = ("Secret", ref["secretKeyRef"]) if "secretKeyRef" in ref else ("ConfigMap", ref["configMapKeyRef"])
            data = source(kind_, r["name"], r.get("optional", False))
            if r["key"] not in data:
                raise AssertionError(f"{var['name']}: {kind_} {r['name']} has no key {r['key']}")
            env[var["name"]] = data[r["key"]]
        else:
            env[var["name"]] = _expand(var.get("value", ""), env)
    env = {k: local(v) for k, v in env.items()}
    entrypoint = container.get("command") or image.entrypoint
    args = [local(_expand(a, env)) for a in container.get("args", [])]
    command = [_find_java() if entrypoint[0] == "java" else entrypoint[0]] + [local(a) for a in entrypoint[1:]] + args
    return Launch(command=command, env=env, cwd=cwd, mounts=mounts, container=container)
