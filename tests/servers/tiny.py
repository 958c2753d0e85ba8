"""A tiny bank bundle written for the tests: every step kind, a rule, a constraint, slow and big tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from servers import EnvRuntime
from worldfarm import load_bundle


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required or [], "additionalProperties": False}


ACCOUNT = {"id": {"type": "integer"}, "owner": {"type": "string"}, "balance": {"type": "integer"}}
ID = {"type": "integer", "minimum": 1}

TOOLS: list[dict[str, Any]] = [
    {
        "name": "get_account",
        "description": "Get one account by id.",
        "input_schema": _obj({"account_id": ID}, ["account_id"]),
        "output_schema": _obj(ACCOUNT),
        "program": [
            {
                "kind": "check",
                "sql": "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = :account_id)",
                "error": "account {account_id} not found; use list_accounts",
            },
            {"kind": "return", "sql": "SELECT id, owner, balance FROM accounts WHERE id = :account_id"},
        ],
    },
    {
        "name": "list_accounts",
        "description": "List accounts, optionally those with at least a balance.",
        "input_schema": _obj({"min_balance": {"type": "integer", "default": 0}}),
        "output_schema": _obj({"items": {"type": "array"}}),
        "program": [
            {
                "kind": "return",
                "rows": "all",
                "sql": "SELECT id, owner, balance FROM accounts WHERE balance >= :min_balance ORDER BY id",
            }
        ],
    },
    {
        "name": "transfer",
        "description": "Move an amount from one account to another; the source may not go negative.",
        "input_schema": _obj(
            {"from_id": ID, "to_id": ID, "amount": {"type": "integer", "minimum": 1, "maximum": 1000}},
            ["from_id", "to_id", "amount"],
        ),
        "output_schema": _obj({"from_balance": {"type": "integer"}, "to_balance": {"type": "integer"}}),
        "program": [
            {
                "kind": "query",
                "name": "source",
                "sql": "SELECT owner, balance FROM accounts WHERE id = :from_id",
                "error": "account {from_id} not found",
            },
            {"kind": "exec", "sql": "UPDATE accounts SET balance = balance - :amount WHERE id = :from_id"},
            {
                "kind": "exec",
                "sql": "UPDATE accounts SET balance = balance + :amount WHERE id = :to_id",
                "error": "account {to_id} not found; nothing was moved",
            },
            {
                "kind": "check",
                "sql": "SELECT balance >= 0 FROM accounts WHERE id = :from_id",
                "error": "{source__owner} has only {source__balance}; cannot send {amount}",
            },
            {
                "kind": "return",
                "sql": "SELECT (SELECT balance FROM accounts WHERE id = :from_id) AS from_balance, "
                "(SELECT balance FROM accounts WHERE id = :to_id) AS to_balance",
            },
        ],
    },
    {
        "name": "close_empty_accounts",
        "description": "Delete every account with a zero balance and report which ones went.",
        "input_schema": _obj({}),
        "output_schema": _obj({"items": {"type": "array"}}),
        "annotations": {"destructiveHint": True},
        "program": [
            {
                "kind": "query",
                "name": "empty",
                "rows": "all",
                "sql": "SELECT id, owner FROM accounts WHERE balance = 0",
            },
            {
                "kind": "exec",
                "sql": "DELETE FROM accounts WHERE id IN (SELECT json_extract(value, '$.id') FROM json_each(:empty))",
            },
            {
                "kind": "return",
                "rows": "all",
                "sql": "SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.owner') AS owner "
                "FROM json_each(:empty)",
            },
        ],
    },
    {
        "name": "open_account",
        "description": "Open an account for an owner, whose name must be unique.",
        "input_schema": _obj({"owner": {"type": "string", "minLength": 1}}, ["owner"]),
        "output_schema": _obj(ACCOUNT),
        "program": [
            {"kind": "exec", "sql": "INSERT INTO accounts (owner, balance, opened_at) VALUES (:owner, 0, :_now)"},
            {"kind": "return", "sql": "SELECT id, owner, balance FROM accounts WHERE id = last_insert_rowid()"},
        ],
    },
    {
        "name": "count_forever",
        "description": "A slow tool: counts far past any time limit.",
        "input_schema": _obj({}),
        "output_schema": _obj({"n": {"type": "integer"}}),
        "program": [
            {"kind": "exec", "sql": "UPDATE accounts SET balance = balance + 1"},
            {
                "kind": "return",
                "sql": "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT max(n) AS n FROM c",
            },
        ],
    },
    {
        "name": "stuff_notes",
        "description": "Append a large note to every account, times `copies`.",
        "input_schema": _obj({"copies": {"type": "integer", "minimum": 1}}, ["copies"]),
        "output_schema": _obj({"n": {"type": "integer"}}),
        "program": [
            {
                "kind": "exec",
                "sql": "INSERT INTO notes (account_id, body) SELECT a.id, zeroblob(100000) "
                "FROM accounts a, (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < :copies) "
                "SELECT n FROM c)",
            },
            {"kind": "return", "sql": "SELECT COUNT(*) AS n FROM notes"},
        ],
    },
    {
        "name": "slow_update",
        "description": "A slow write: its UPDATE itself runs far past any time limit.",
        "input_schema": _obj({}),
        "output_schema": _obj({"n": {"type": "integer"}}),
        "program": [
            {"kind": "exec", "sql": "UPDATE accounts SET balance = balance + 1"},
            {
                "kind": "exec",
                "sql": "UPDATE accounts SET balance = (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) "
                "SELECT max(n) FROM c)",
            },
            {"kind": "return", "sql": "SELECT COUNT(*) AS n FROM accounts"},
        ],
    },
    {
        "name": "add_note",
        "description": "Attach a note (up to 50,000 characters) to an account.",
        "input_schema": _obj(
            {"account_id": ID, "body": {"type": "string", "maxLength": 50_000}, "tags": {"type": "array"}},
            ["account_id", "body"],
        ),
        "output_schema": _obj({"id": {"type": "integer"}}),
        "program": [
            {"kind": "exec", "sql": "INSERT INTO notes (account_id, body) VALUES (:account_id, :body)"},
            {"kind": "return", "sql": "SELECT last_insert_rowid() AS id"},
        ],
    },
    {
        "name": "find_notes",
        "description": "Notes whose text contains a phrase.",
        "input_schema": _obj({"text": {"type": "string", "maxLength": 100_000}}, ["text"]),
        "output_schema": _obj({"items": {"type": "array"}}),
        "program": [
            {
                "kind": "return",
                "rows": "all",
                "sql": "SELECT id, account_id FROM notes WHERE body LIKE '%' || :text || '%' ORDER BY id",
            }
        ],
    },
]

ENV: dict[str, Any] = {
    "id": "tiny",
    "title": "Tiny bank",
    "description": "Three accounts and transfers between them.",
    "domain": "finance",
    "clock": "2026-01-05T12:00:00",
    "schema": {
        "tables": [
            {
                "name": "accounts",
                "volatile": ["opened_at"],
                "sql": "CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT NOT NULL UNIQUE, "
                "balance INTEGER NOT NULL, opened_at TEXT NOT NULL)",
            },
            {
                "name": "notes",
                "sql": "CREATE TABLE notes (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL "
                "REFERENCES accounts (id) ON DELETE CASCADE, body BLOB)",
            },
        ]
    },
    "seed": [
        {
            "table": "accounts",
            "columns": ["id", "owner", "balance", "opened_at"],
            "rows": [[1, "ann", 100, "2025-01-01"], [2, "bob", 50, "2025-02-01"], [3, "cy", 0, "2025-03-01"]],
        }
    ],
    "tools": TOOLS,
}

TASKS: list[dict[str, Any]] = [
    {
        "id": "pay-bob",
        "instruction": "Send 30 from Ann's account to Bob's.",
        "verifier": {
            "assertions": [
                {"sql": "SELECT balance = 70 FROM main.accounts WHERE id = 1", "message": "ann has 70"},
                {"sql": "SELECT balance = 80 FROM main.accounts WHERE id = 2", "message": "bob has 80"},
            ]
        },
        "solution": [{"tool": "transfer", "arguments": {"from_id": 1, "to_id": 2, "amount": 30}}],
        "difficulty": "easy",
    },
    {
        "id": "ann-balance",
        "instruction": "How much money does Ann have?",
        "verifier": {
            "assertions": [
                {
                    "sql": "SELECT NOT EXISTS (SELECT * FROM main.accounts EXCEPT SELECT * FROM initial.accounts)",
                    "message": "nothing changed",
                }
            ],
            "answer": ["100"],
        },
        "solution": [{"tool": "get_account", "arguments": {"account_id": 1}}],
    },
]


def write_bundle(root: Path, env: dict[str, Any] | None = None, tasks: list[dict[str, Any]] | None = None) -> Path:
    """Write the tiny bundle (or a variant of it) under ``root/tiny`` and return its folder."""
    folder = root / "tiny"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "env.json").write_text(json.dumps(env if env is not None else ENV, indent=1))
    lines = [json.dumps(t) for t in (tasks if tasks is not None else TASKS)]
    (folder / "tasks.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def tiny_runtime(root: Path) -> EnvRuntime:
    return EnvRuntime(load_bundle(write_bundle(root)))
