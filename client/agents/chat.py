"""The harness's chat-completions client: :mod:`worldfarm.chat`, failing with the harness's own error.

The client itself is shared with the generator's LLM pipeline, so it lives in ``worldfarm``; here an
endpoint that fails after every retry is a :class:`~client.errors.ModelEndpointError` (an agent failure).
"""

from __future__ import annotations

from typing import ClassVar

from client.errors import ModelEndpointError
from worldfarm.chat import ChatClient as _SharedClient
from worldfarm.chat import ChatReply, ChatSettings, parse_reply
from worldfarm.errors import ChatEndpointError

__all__ = ["AgentChatClient", "ChatReply", "ChatSettings", "parse_reply"]


class AgentChatClient(_SharedClient):
    """Chat completions with retries; one client (one connection pool) shared by every episode."""

    error: ClassVar[type[ChatEndpointError]] = ModelEndpointError
