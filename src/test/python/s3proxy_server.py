"""S3Proxy as an S3-compatible store for the artifact tests on S3 (test_artifacts_s3.py).

The ``s3proxy`` fixture starts ``dev.labbook.artifacts.S3ProxyMain`` (test scope, in-memory
jclouds "transient" store) in a process of its own, from the compiled test classes and the test
classpath Maven writes for CI (``.ci/run``)::

    mvn -B -ntp test-compile
    mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test \\
        -Dmdep.outputFile=target/test-classpath.txt

Missing either is a failure, not a skip: CI always provides them.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO_ROOT, _find_java, _free_port, _stop

ACCESS_KEY = "labbook-access"        # S3ProxyMain.IDENTITY
SECRET_KEY = "labbook-secret-key"    # S3ProxyMain.CREDENTIAL
REGION = "us-east-1"
READY_TIMEOUT_S = 90


@dataclass
class S3Proxy:
    endpoint: str
    bucket: str
    access_key: str
    secret_key: str
    region: str
    log: Path

    def server_env(self) -> dict[str, str]:
        """What a Labbook server (or the MLflow client) needs to reach this store."""
        return {
            "MLFLOW_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
        }

    def boto3_client(self):
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=self.access_key,
                            aws_secret_access_key=self.secret_key, region_name=self.region,
                            config=Config(s3={"addressing_style": "path"}))

    def keys(self) -> list[str]:
        """Every object key in the bucket."""
        s3 = self.boto3_client()
        keys = []
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            keys += [o["Key"] for o in page.get("Contents", [])]
        return keys


def _classpath() -> str:
    target = REPO_ROOT / "target"
    cp_file = target / "test-classpath.txt"
    test_classes = target / "test-classes"
    main_classes = target / "classes"
    if not cp_file.is_file() or not (test_classes / "dev" / "labbook" / "artifacts" / "S3ProxyMain.class").is_file():
        pytest.fail(f"S3Proxy needs the compiled test classes ({test_classes}) and the test classpath "
                    f"({cp_file}); run `mvn -B -ntp test-compile` and `mvn -B -ntp -q dependency:build-classpath "
                    f"-Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt` (as .ci/run does)",
                    pytrace=False)
    return ":".join([str(test_classes), str(main_classes), cp_file.read_text().strip()])


@pytest.fixture
def s3proxy():
    with running_s3proxy() as proxy:
        yield proxy


@contextlib.contextmanager
def running_s3proxy(bucket: str = "labbook-artifacts", access_key: str = ACCESS_KEY,
                    secret_key: str = SECRET_KEY, region: str = REGION):
    """An S3Proxy on a free port holding one empty bucket, stopped on exit."""
    classpath = _classpath()
    port = _free_port()
    log = REPO_ROOT / "target" / "pytest-s3proxy.log"
    cmd = [_find_java(), "-cp", classpath,
           "dev.labbook.artifacts.S3ProxyMain", str(port), bucket, access_key, secret_key]
    log_handle = open(log, "wb")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log_handle, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    ready = threading.Event()

    def pump():
        # S3Proxy logs to stdout too: copy everything to the log, watch for the READY line.
        for line in proc.stdout:
            log_handle.write(line)
            log_handle.flush()
            if line.strip() == f"S3PROXY READY {port}".encode():
                ready.set()

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    deadline = time.monotonic() + READY_TIMEOUT_S
    try:
        while not ready.wait(0.2):
            if proc.poll() is not None or time.monotonic() > deadline:
                _stop(proc)
                reader.join(5)
                log_handle.close()
                pytest.fail(f"S3Proxy did not start (exit code {proc.returncode}); log {log}:\n"
                            f"{log.read_text(errors='replace')[-4000:]}", pytrace=False)
        yield S3Proxy(endpoint=f"http://127.0.0.1:{port}", bucket=bucket, access_key=access_key,
                      secret_key=secret_key, region=region, log=log)
    finally:
        _stop(proc)
        reader.join(5)
        if not log_handle.closed:
            log_handle.close()
