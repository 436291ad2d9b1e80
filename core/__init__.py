"""The shared vocabulary of policykg: the graph model (labels, relationship types, the typed facts a
document yields), the error family, text keys such as ``name_key`` and the one settings object.

Every other package may import this one; it imports nothing else of ours, so the data flow
text → facts (``ingest``) → graph (``graph``) → HTTP/CLI (``api``) never has to point backwards to
share a type.
"""

from core import compiled as _compiled

_compiled.activate()  # before any compiled module is imported: the finder serves them from then on
