"""``python -m api.cli``: the ``policykg`` command."""

import sys

from api.cli import main

sys.exit(main())
