"""The Neo4j jars: find Java and Maven, and fetch Neo4j 5.26.x once into the jar cache.

The cache also holds Neo4j Browser (``neo4j-browser-5.x.jar``, in the same ``lib/``: the server
serves it at ``/browser/``). A cache fetched before the Browser was added gets it on the next
fetch or start: the new jars are *added* to the version folder, never swapped under it, because a
running server of another instance may be reading the same ``lib/``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from core.errors import ConfigError, RuntimeUnavailable
from core.settings import Settings

NEO4J_JAR = re.compile(r"^neo4j-(5\.26\.\d+)\.jar$")
BROWSER_JAR = re.compile(r"^neo4j-browser-(5\.\d+\.\d+)\.jar$")

Reporter = Callable[[str], None]


def quiet(_: str) -> None:
    """A :data:`Reporter` that says nothing."""


def find_java(settings: Settings) -> str:
    """The ``java`` executable (``$JAVA_HOME/bin/java`` first), checked to be Java 17 or newer."""
    candidate = settings.java_home / "bin" / "java" if settings.java_home else None
    java = str(candidate) if candidate and candidate.is_file() else shutil.which("java")
    if not java:
        raise ConfigError(
            "`java` was not found: the local Neo4j server needs Java 17 or 21",
            hint="install it with `sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu), "
            "or set JAVA_HOME, or set NEO4J_URI to use an existing Neo4j server",
        )
    return java


def find_mvn() -> str:
    mvn = shutil.which("mvn")
    if not mvn:
        raise ConfigError(
            "`mvn` (Apache Maven) was not found: it is needed once, to fetch the Neo4j jars",
            hint="install it with `sudo apt-get install maven` (Debian/Ubuntu), "
            "or set NEO4J_URI to use an existing Neo4j server",
        )
    return mvn


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def cached_version(settings: Settings) -> str | None:
    """The newest complete Neo4j version in the jar cache, or None."""
    if not settings.cache_dir.is_dir():
        return None
    found = []
    for entry in settings.cache_dir.iterdir():
        if (entry / ".complete").is_file() and (entry / "lib" / f"neo4j-{entry.name}.jar").is_file():
            found.append(entry.name)
    return max(found, key=_version_key) if found else None


def lib_dir(settings: Settings, version: str) -> Path:
    return settings.cache_dir / version / "lib"


def browser_version(lib: Path) -> str | None:
    """The Neo4j Browser version in ``lib`` (None: the server runs without ``/browser/``)."""
    found = [m.group(1) for p in lib.glob("neo4j-browser-*.jar") if (m := BROWSER_JAR.match(p.name))]
    return max(found, key=_version_key) if found else None


def fetch(settings: Settings, *, refresh: bool = False, report: Reporter = quiet) -> str:
    """Make sure the Neo4j jars are in the cache; return the version. Runs Maven only when needed."""
    if not refresh and (version := cached_version(settings)):
        if browser_version(lib_dir(settings, version)):
            return version
        try:  # an older cache: add the Browser, but a server without it is still a server
            return _maven_fetch(settings, report)
        except (ConfigError, RuntimeUnavailable) as exc:
            report(f"Neo4j Browser not added ({exc.message}); the server runs without /browser/")
            return version
    return _maven_fetch(settings, report)


def _maven_fetch(settings: Settings, report: Reporter) -> str:
    mvn = find_mvn()
    find_java(settings)  # Maven needs it too; say so before a long run
    if not settings.pom.is_file():
        raise ConfigError(
            f"the Neo4j fetcher pom is missing: {settings.pom}",
            hint="run policykg from a source checkout, or set NEO4J_URI to use an existing server",
        )
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    staging = settings.cache_dir / f".fetch-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    report(f"fetching Neo4j 5.26.x from Maven Central into {settings.cache_dir} (first time only) …")
    cmd = [mvn, "-B", "-q", "-f", str(settings.pom), "package", f"-Dneo4j.runtime={staging}"]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise RuntimeUnavailable(
            f"Maven could not fetch Neo4j (exit {proc.returncode}):\n{tail}",
            hint="check network access to Maven Central and ~/.m2/settings.xml, then retry",
        )
    versions = [m.group(1) for p in (staging / "lib").glob("neo4j-*.jar") if (m := NEO4J_JAR.match(p.name))]
    if not versions:
        shutil.rmtree(staging, ignore_errors=True)
        raise RuntimeUnavailable(f"Maven ran but no neo4j-5.26.*.jar arrived in {staging / 'lib'}")
    version = max(versions, key=_version_key)
    (staging / ".complete").write_text(f"{version}\n", encoding="utf-8")
    target = settings.cache_dir / version
    if target.exists():
        _add_missing(staging / "lib", target / "lib")
        shutil.rmtree(staging, ignore_errors=True)
    else:
        staging.rename(target)
    report(f"Neo4j {version} fetched in {time.monotonic() - t0:.0f} s")
    return version


def _add_missing(new_lib: Path, lib: Path) -> None:
    """Move the jars ``lib`` lacks into it, one rename each (same file system: atomic)."""
    lib.mkdir(parents=True, exist_ok=True)
    for jar in sorted(new_lib.glob("*.jar")):
        if not (lib / jar.name).exists():
            jar.rename(lib / jar.name)
