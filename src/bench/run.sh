#!/usr/bin/env bash
# The side-by-side benchmark (README, "Performance"). Not part of the tests or of .ci/run.
# Needs MariaDB on 127.0.0.1:3306 with user labbook/labbook allowed to create labbook_bench_*
# databases (bash .ci/mariadb-start sets that up), and a built jar (it builds one when missing).
# Installs its own venv under target/bench-venv: the pinned mlflow 3.18.0 (server extras, PyMySQL)
# and FastTrackML; with --servers ...,mlflow-go also target/bench-venv-go with mlflow-go-backend,
# kept apart because its plugin entry points would otherwise replace mlflow server's own store.
# Usage: bash src/bench/run.sh [--servers labbook,mlflow,fasttrackml] [--rounds 3] [--measures abcdefgh] ...
set -euo pipefail
cd "$(dirname "$0")/../.."

export JAVA_HOME="${JAVA_HOME:-$(bash .ci/find-jdk)}"
if [ ! -f target/labbook.jar ]; then
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -ntp -q package -DskipTests
fi

make_venv() { # folder, extra pip arguments...
  local venv=$1; shift
  if [ ! -f "$venv/.installed" ]; then
    python3 -m venv "$venv"
    # --no-deps: full locks (see the header of src/test/python/requirements.txt).
    "$venv/bin/pip" install -q --disable-pip-version-check --no-deps \
      -r src/test/python/requirements.txt -r src/bench/requirements.txt "$@"
    touch "$venv/.installed"
  fi
}
make_venv target/bench-venv
case " $* " in
  *mlflow-go*) make_venv target/bench-venv-go mlflow-go-backend==0.2.2 ;;
esac

exec target/bench-venv/bin/python src/bench/bench.py "$@"
