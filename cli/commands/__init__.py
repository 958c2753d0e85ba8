"""One module per ``worldfarm`` command; see :mod:`cli.main`."""
