"""The benchmark environment: the hotel example grown to a ~300 KB template with extra guests and stays."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOTEL = ROOT / "examples" / "hotel"


def write_bench_bundle(folder: Path, guests: int = 900, bookings: int = 1200) -> Path:
    """Write ``folder/hotel``: the hotel with ``guests`` more guests and ``bookings`` more (past) stays."""
    env: dict[str, Any] = json.loads((HOTEL / "env.json").read_text())
    rng = random.Random(7)
    seed = {block["table"]: block for block in env["seed"]}
    first_guest = 1 + max(row[0] for row in seed["guests"]["rows"])
    for offset in range(guests):
        gid = first_guest + offset
        seed["guests"]["rows"].append(
            [gid, f"Guest {gid}", f"guest{gid}@example.com", f"+1-555-{gid:04d}", "none", "2025-01-01T10:00:00"]
        )
    rooms = [row[0] for row in seed["rooms"]["rows"]]
    first_booking = 1 + max(row[0] for row in seed["bookings"]["rows"])
    for offset in range(bookings):
        year, day = 2020 + offset // 360, 1 + offset % 360
        check_in = f"{year}-{1 + (day - 1) // 30:02d}-{1 + (day - 1) % 28:02d}"
        check_out = f"{year}-{1 + (day - 1) // 30:02d}-{2 + (day - 1) % 28:02d}"
        guest, room = rng.randrange(first_guest, first_guest + guests), rng.choice(rooms)
        row = [first_booking + offset, guest, room, check_in, check_out, 1, "checked_out", 9000, "2020-01-01T10:00:00"]
        seed["bookings"]["rows"].append(row)
    out = folder / "hotel"
    out.mkdir(parents=True, exist_ok=True)
    (out / "env.json").write_text(json.dumps(env))
    (out / "tasks.jsonl").write_text((HOTEL / "tasks.jsonl").read_text())
    return out
