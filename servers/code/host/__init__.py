"""The programs that run generated code in a sandbox: a scenario's app host, and a verifier run.

Everything here runs in a child process started by the worker, with only the standard library and
what the app itself imports (FastAPI, SQLAlchemy, Pydantic). It never imports the rest of worldfarm.
"""
