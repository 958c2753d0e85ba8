# syntax=docker/dockerfile:1
# One image for every role of the farm; the command picks the role (the entrypoint is `worldfarm`):
#   docker run IMAGE registry --host 0.0.0.0                            the registry
#   docker run IMAGE serve /data/envs --host 0.0.0.0 --registry URL     a worker
#   docker run IMAGE generate --count 1000 --seed 0 --out /data/envs    the environments
#   docker run -p 127.0.0.1:8000:8000 IMAGE up --host 0.0.0.0 --proxy-mcp   a whole farm in one container
# docker-compose.yml and deploy/k8s/ run exactly these commands; docs/deploy.md explains them.
#
# The base image is pinned by version. To pin it to the byte, add its digest (docs/deploy.md):
#   docker build --build-arg PYTHON_IMAGE=python:3.11.14-slim-bookworm@sha256:<digest> -t worldfarm:0.1.0 .
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
RUN python -m venv /opt/worldfarm
WORKDIR /src
# The dependencies first, in a layer of their own: rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN --mount=type=cache,target=/root/.cache/pip \
    python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" \
        > requirements.txt \
    && /opt/worldfarm/bin/pip install --requirement requirements.txt
# Then worldfarm itself, without touching them.
COPY README.md ./
COPY worldfarm worldfarm
COPY generator generator
COPY servers servers
COPY registry registry
COPY client client
COPY cli cli
COPY console console
RUN --mount=type=cache,target=/root/.cache/pip \
    /opt/worldfarm/bin/pip install --no-deps . \
    && /opt/worldfarm/bin/worldfarm --version

FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="worldfarm" \
      org.opencontainers.image.description="An MCP server farm of synthetic, database-backed agent environments" \
      org.opencontainers.image.licenses="Apache-2.0"
# A user of its own (numeric, so Kubernetes can check runAsNonRoot), owning the data and state folders.
RUN groupadd --system --gid 10001 worldfarm \
    && useradd --system --uid 10001 --gid worldfarm --home-dir /var/lib/worldfarm --shell /usr/sbin/nologin worldfarm \
    && install -d -o worldfarm -g worldfarm /data/envs /var/lib/worldfarm /var/lib/worldfarm/state /var/lib/worldfarm/cache
COPY --from=build /opt/worldfarm /opt/worldfarm
# Code environments (imported Agent World Model apps) run in sandboxed hosts: SQLAlchemy and pyseccomp come
# with the dependencies; pyseccomp needs the system's libseccomp.so.2 (apt's own dependency in Debian), checked here.
RUN /opt/worldfarm/bin/python -c "import pyseccomp"
ENV PATH=/opt/worldfarm/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/var/lib/worldfarm \
    WORLDFARM_STATE_DIR=/var/lib/worldfarm/state \
    XDG_CACHE_HOME=/var/lib/worldfarm/cache
USER 10001:10001
WORKDIR /var/lib/worldfarm
EXPOSE 8000
# Registry and worker both answer GET /health (no token). Slim images have no curl: Python's stdlib asks.
# A server on another port sets WORLDFARM_HEALTH_URL.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; r.urlopen(os.environ.get('WORLDFARM_HEALTH_URL', 'http://127.0.0.1:8000/health'), timeout=4)"]
ENTRYPOINT ["worldfarm"]
CMD ["--help"]
