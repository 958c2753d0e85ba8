"""Proofs that a generated bundle passed the gate, so that a resumed generation does not prove it again.

A proof is kept beside the set (``OUT/.proofs/ENV.json``), never inside the bundle: the digest of the
bundle's ``env.json`` and ``tasks.jsonl`` bytes and the generator and gate versions that proved them,
with the statistics the gate found. A bundle whose bytes or generator changed since has no valid proof and
goes through the gate again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from generator.gate import GATE_VERSION
from generator.world import GENERATOR_VERSION

PROOFS = ".proofs"
PROVEN_FILES = ("env.json", "tasks.jsonl")


def record_proof(bundle: Path, stats: dict[str, Any]) -> None:
    """Remember that ``bundle`` (as its files are now) passed the gate with these ``stats``."""
    folder = bundle.parent / PROOFS
    folder.mkdir(exist_ok=True)
    proof = {"generator_version": GENERATOR_VERSION, "gate": GATE_VERSION, "digest": _digest(bundle), "stats": stats}
    temporary = folder / f".{bundle.name}.tmp"
    temporary.write_text(json.dumps(proof))
    os.replace(temporary, folder / f"{bundle.name}.json")


def proven_stats(bundle: Path) -> dict[str, Any] | None:
    """The gate's statistics of ``bundle`` if a proof of exactly these files by this generator exists."""
    try:
        proof = json.loads((bundle.parent / PROOFS / f"{bundle.name}.json").read_text())
        digest = _digest(bundle)
    except (OSError, ValueError):
        return None
    if not isinstance(proof, dict) or proof.get("generator_version") != GENERATOR_VERSION:
        return None
    if proof.get("gate") != GATE_VERSION:  # a stricter gate proves again
        return None
    stats = proof.get("stats")
    return stats if proof.get("digest") == digest and isinstance(stats, dict) else None


def _digest(bundle: Path) -> str:
    hasher = hashlib.sha256()
    for name in PROVEN_FILES:
        data = (bundle / name).read_bytes()
        hasher.update(f"{name}\0{len(data)}\0".encode())
        hasher.update(data)
    return hasher.hexdigest()
