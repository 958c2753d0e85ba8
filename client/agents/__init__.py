"""Agents the harness can run: ``oracle``, ``noop``, ``random``, ``openai``, ``command``."""

from client.agents.base import Agent, AgentContext, AgentResult, AgentStatus, Usage
from client.agents.baselines import NoopAgent, RandomAgent
from client.agents.chat import AgentChatClient, ChatReply, ChatSettings
from client.agents.command import CommandAgent, read_answer
from client.agents.openai import OpenAIAgent, ToolFormat
from client.agents.oracle import OracleAgent

AGENTS = ("oracle", "noop", "random", "openai", "command")

__all__ = [
    "AGENTS",
    "Agent",
    "AgentChatClient",
    "AgentContext",
    "AgentResult",
    "AgentStatus",
    "ChatReply",
    "ChatSettings",
    "CommandAgent",
    "NoopAgent",
    "OpenAIAgent",
    "OracleAgent",
    "RandomAgent",
    "ToolFormat",
    "Usage",
    "read_answer",
]
