"""Code environments (bundles of kind ``code``, e.g. imported from Agent World Model): the worker side.

A code environment's app runs in a sandboxed host process, one per loaded scenario (never one per
episode), started on first use and stopped when idle; its Python verifiers run in separate sandboxed
processes. This package's ``__init__`` imports nothing: the host program (``servers.code.host``) is
started without the rest of ``servers``. The public API is exported by ``servers``.
"""
