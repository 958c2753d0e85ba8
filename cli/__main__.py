"""``python -m cli``: the ``worldfarm`` command (what ``worldfarm up`` runs its children with)."""

import sys

from cli.main import main

sys.exit(main())
