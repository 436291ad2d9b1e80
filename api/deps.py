"""The Neo4j driver's lifecycle in the HTTP app, and the request dependencies (driver, settings).

The app owns one driver for its lifetime (opened in the lifespan, closed at shutdown) unless a driver
is injected (tests), which the caller keeps owning. When Neo4j cannot be
reached at start-up the app still starts: requests then answer 503 and the driver is opened again on
the next request, so starting the database after the API needs no restart.
"""

from __future__ import annotations

import logging
import threading
from typing import Annotated

import neo4j
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from neo4j import GraphDatabase

from core.errors import RuntimeUnavailable
from core.settings import Settings
from graph.db import target

log = logging.getLogger(__name__)


def open_api_driver(settings: Settings) -> neo4j.Driver:
    """A driver tuned for serving: short connect/retry times so an outage is a prompt 503."""
    tgt = target(settings)
    return GraphDatabase.driver(
        tgt.uri,
        auth=(tgt.user, tgt.password),
        connection_timeout=5.0,
        connection_acquisition_timeout=10.0,
        max_transaction_retry_time=3.0,
        notifications_min_severity="OFF",  # "label does not exist" on an empty graph is not news
    )


class DriverHolder:
    """The app's driver, opened lazily and re-opened after a failed start."""

    def __init__(self, settings: Settings, driver: neo4j.Driver | None = None) -> None:
        self.settings = settings
        self._driver = driver
        self._owned = driver is None
        self._lock = threading.Lock()

    @property
    def current(self) -> neo4j.Driver | None:
        return self._driver

    def get(self) -> neo4j.Driver:
        if self._driver is not None:
            return self._driver
        with self._lock:
            if self._driver is None:
                self._driver = open_api_driver(self.settings)
            return self._driver

    def try_open(self) -> None:
        try:
            self.get()
        except RuntimeUnavailable as exc:
            log.warning("Neo4j not available at start-up: %s", exc)

    def close(self) -> None:
        if self._owned and self._driver is not None:
            self._driver.close()
            self._driver = None


def get_holder(request: Request) -> DriverHolder:
    holder: DriverHolder = request.app.state.driver_holder
    return holder


# The dependencies are async so that FastAPI resolves them on the event loop: a sync dependency costs
# a hop through the thread pool per request. Only opening the driver (the first request after a
# failed start) may block, so that goes to the pool.
async def get_driver(request: Request) -> neo4j.Driver:
    holder = get_holder(request)
    driver = holder.current
    if driver is None:
        driver = await run_in_threadpool(holder.get)
    request.app.state.driver = driver  # the web router reads app.state.driver
    return driver


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


DriverDep = Annotated[neo4j.Driver, Depends(get_driver)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
