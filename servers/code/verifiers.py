"""Running a code task's verifiers: each in a sandboxed process of its own, on read-only copies of the
episode's initial and current databases, within a time limit.

The code-mode verifier decides: ``{"result": "complete"}`` passes (reward 1.0), anything else fails,
and so does a verifier that raises, runs past its limit or breaks its sandbox (the error says which).
The sql-mode verifier, when the task has one, only collects evidence; it is returned for a judge.
"""

from __future__ import annotations

import time

import anyio

from servers.code.process import Child, ChildDied
from servers.code.settings import CodeSettings
from worldfarm.codeenv import CodeTask, CodeVerifier
from worldfarm.control import AssertionResult, VerifierRun, VerifyResult

COMPLETE = "complete"


async def run_verifier(
    verifier: CodeVerifier, initial: bytes, final: bytes, answer: str | None, settings: CodeSettings
) -> VerifierRun:
    """Run ``verifier`` over the two states; what it returned, or why it did not."""
    started = time.perf_counter()
    run = VerifierRun(mode=verifier.mode, function=verifier.function)
    child = await Child.start("verify", f"verifier {verifier.function}")
    try:
        header = {
            "op": "verify",
            "mode": verifier.mode,
            "function": verifier.function,
            "code": verifier.code,
            "answer": answer,
            "initial_size": len(initial),
            "sandbox": child.settings(**settings.sandbox(settings.verifier_memory_mb), writable_temp=False),
        }
        with anyio.fail_after(settings.start_time_limit):
            await child.send(header, initial + final)
            await child.receive()  # ready: its sandbox is up, the verifier's own time starts
        with anyio.fail_after(settings.verify_time_limit):
            verdict, _ = await child.receive()
        violations = verdict.get("violations") or []
        run.returned = verdict.get("returned")
        run.error = f"it broke its sandbox: {violations[0]}" if violations else verdict.get("error")
    except TimeoutError:
        run.error = f"it ran past the {settings.verify_time_limit:g} s limit and was stopped"
    except ChildDied as exc:
        run.error = f"its process died: {exc.detail}"
    finally:
        await child.close()
    run.duration_ms = round((time.perf_counter() - started) * 1000, 3)
    return run


def says_complete(run: VerifierRun) -> bool:
    """Whether a code-mode run said the task is complete."""
    returned = run.returned
    result = returned.get("result") if isinstance(returned, dict) else None
    return run.error is None and isinstance(result, str) and result.strip().lower() == COMPLETE


async def verify_code_task(
    task: CodeTask, initial: bytes, final: bytes, answer: str | None, settings: CodeSettings
) -> VerifyResult:
    """The verify result of ``task`` over (initial, final): its verifier's verdict, its judge's evidence."""
    verdict = await run_verifier(task.verifier, initial, final, answer, settings) if task.verifier else None
    evidence = await run_verifier(task.judge, initial, final, answer, settings) if task.judge else None
    if verdict is None:
        check = AssertionResult(message="the task has no verifier", passed=False, error="no verifier")
    else:
        check = AssertionResult(
            message=f"{verdict.function} returns {{'result': 'complete'}}",
            passed=says_complete(verdict),
            error=verdict.error,
        )
    return VerifyResult(
        task=task.id, passed=check.passed, assertions=[check], answers=[], verifier=verdict, evidence=evidence
    )
