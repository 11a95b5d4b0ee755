"""A real Bolt + Cypher server for tests: ArcadeDB from the `arcadedb-embedded` package.

There is no Docker engine and no Neo4j package here; ArcadeDB speaks Bolt and Cypher and the package
bundles its own Java runtime and the server jars. The server binds to 127.0.0.1 on free ports, is
ready when `RETURN 1` succeeds on its database (the port opens before the database exists), and is
stopped by its PID.
"""

from __future__ import annotations

import importlib.util
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DATABASE = "kgrag"
START_TIMEOUT_S = 60


@dataclass(frozen=True)
class BoltServer:
    uri: str
    user: str
    password: str
    database: str
    pid: int
    http_port: int

    def sql(self, command: str) -> dict:  # type: ignore[type-arg]
        """Run an ArcadeDB SQL command (DDL Cypher cannot express there, such as full-text indexes)."""
        import base64
        import json
        import urllib.request

        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.http_port}/api/v1/command/{self.database}",
            data=json.dumps({"language": "sql", "command": command}).encode(),
            headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
            return json.loads(response.read())


def arcadedb_home() -> Path | None:
    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or not spec.submodule_search_locations:
        return None
    home = Path(next(iter(spec.submodule_search_locations)))
    return home if (home / "jre" / "bin" / "java").is_file() and (home / "jars").is_dir() else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def arcadedb_bolt_server(root: Path) -> Iterator[BoltServer]:
    home = arcadedb_home()
    if home is None:
        raise RuntimeError("arcadedb-embedded is not installed")
    bolt_port, http_port = _free_port(), _free_port()
    password = secrets.token_urlsafe(16)
    command = [
        str(home / "jre" / "bin" / "java"), "-Xmx1g", "-cp", str(home / "jars" / "*"),
        f"-Darcadedb.server.rootPath={root}",
        f"-Darcadedb.server.rootPassword={password}",
        f"-Darcadedb.server.defaultDatabases={DATABASE}[root]",
        "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "-Darcadedb.bolt.host=127.0.0.1", f"-Darcadedb.bolt.port={bolt_port}",
        "-Darcadedb.server.httpIncomingHost=127.0.0.1", f"-Darcadedb.server.httpIncomingPort={http_port}",
        "com.arcadedb.server.ArcadeDBServer",
    ]
    log = root / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=root)
    server = BoltServer(f"bolt://127.0.0.1:{bolt_port}", "root", password, DATABASE, process.pid, http_port)
    try:
        _wait_ready(server, process, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(server: BoltServer, process: subprocess.Popen[bytes], log: Path) -> None:
    import neo4j

    deadline = time.monotonic() + START_TIMEOUT_S
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ArcadeDB exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
                records, _, _ = driver.execute_query("RETURN 1 AS ready", database_=server.database)
                if records and records[0]["ready"] == 1:
                    return
        except Exception as exc:  # noqa: BLE001 - not up yet: any failure means "try again"
            last_error = exc
        time.sleep(0.25)
    raise RuntimeError(f"ArcadeDB not ready after {START_TIMEOUT_S} s: {last_error}")
