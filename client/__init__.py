"""policykg's Python client for notebooks and scripts: typed calls of the HTTP API (``/api/v1``),
list results that turn into pandas DataFrames.

    >>> from client import Client
    >>> kg = Client("http://127.0.0.1:8000")
    >>> kg.projects(city="青岛", chain="氢能").to_pandas()

It imports nothing else of policykg (a notebook installs it without the server) and needs only
``httpx``; ``pandas`` is imported when ``.to_pandas()`` is first called. See docs/client.md.
"""

from client.api import Client
from client.results import Answer, CypherResult, Evidence, GapReport, Items, PolicyKGClientError

__all__ = ["Answer", "Client", "CypherResult", "Evidence", "GapReport", "Items", "PolicyKGClientError"]
