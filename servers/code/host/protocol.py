"""The channel between the worker and a sandboxed process: framed messages over the child's stdin/stdout.

A message is a JSON header and an optional binary blob (a database's bytes):

    >I  header length   >Q  blob length   header (UTF-8 JSON object)   blob

Only JSON crosses the channel (never pickle): what a sandboxed process says is data, not code.
"""

from __future__ import annotations

import json
import struct
from typing import Any, BinaryIO

PREFIX = struct.Struct(">IQ")
MAX_HEADER = 64 * 1024 * 1024
MAX_BLOB = 1024 * 1024 * 1024

Header = dict[str, Any]


class ProtocolError(Exception):
    """The other side sent something that is not a message."""


def encode(header: Header, blob: bytes = b"") -> bytes:
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False, default=str).encode()
    return PREFIX.pack(len(text), len(blob)) + text + blob


def sizes(prefix: bytes) -> tuple[int, int]:
    """The header and blob lengths a message's prefix announces; ProtocolError if they are absurd."""
    header_size, blob_size = PREFIX.unpack(prefix)
    if header_size > MAX_HEADER or blob_size > MAX_BLOB:
        raise ProtocolError(f"a message announces {header_size} + {blob_size} bytes, more than allowed")
    return header_size, blob_size


def decode_header(data: bytes) -> Header:
    try:
        header = json.loads(data)
    except ValueError as exc:
        raise ProtocolError(f"a message header is not JSON: {exc}") from None
    if not isinstance(header, dict):
        raise ProtocolError("a message header is not a JSON object")
    return header


def read_message(stream: BinaryIO) -> tuple[Header, bytes] | None:
    """The next message on ``stream`` (blocking), or None at the end of the stream."""
    prefix = _read_exactly(stream, PREFIX.size)
    if prefix is None:
        return None
    header_size, blob_size = sizes(prefix)
    header = _read_exactly(stream, header_size)
    blob = _read_exactly(stream, blob_size) if blob_size else b""
    if header is None or blob is None:
        raise ProtocolError("the stream ended inside a message")
    return decode_header(header), blob


def write_message(stream: BinaryIO, header: Header, blob: bytes = b"") -> None:
    stream.write(encode(header, blob))
    stream.flush()


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
