"""One module per ``worldfarm`` command; see :mod:`worldfarm.cli`."""
