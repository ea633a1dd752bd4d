# syntax=docker/dockerfile:1
# Marsad application image: `marsad poll`, `marsad worker`, ... (the command is the argument).
# Two stages: the build stage installs Marsad and its dependencies into a virtual environment; the
# runtime stage copies only that environment, and runs as an unprivileged user (uid 10001).
#   docker build -t marsad:0.1.0 .
#   docker run --rm -e MARSAD_KAFKA_BOOTSTRAP=kafka:9092 marsad:0.1.0 worker
ARG PYTHON_IMAGE=python:3.11.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# A C compiler for the build stage only: setup.py compiles the analysis modules with mypyc
# (`--build-arg MARSAD_COMPILE=0` builds pure Python instead; the runtime stage has no compiler).
ARG MARSAD_COMPILE=1
RUN if [ "$MARSAD_COMPILE" != "0" ]; then \
        apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
        && rm -rf /var/lib/apt/lists/*; \
    fi
# The venv lives at the same path in both stages: its scripts' shebangs point into it.
RUN python -m venv /opt/marsad
WORKDIR /src
# Dependencies first, so editing the code does not re-download them.
COPY pyproject.toml setup.py README.md ./
RUN mkdir -p monitor streams \
    && touch monitor/__init__.py streams/__init__.py \
    && MARSAD_COMPILE=0 /opt/marsad/bin/pip install . \
    && /opt/marsad/bin/pip uninstall -y marsad
COPY monitor ./monitor
COPY streams ./streams
RUN MARSAD_COMPILE=$MARSAD_COMPILE /opt/marsad/bin/pip install --no-deps . \
    && /opt/marsad/bin/marsad --version

FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="marsad" \
      org.opencontainers.image.description="Stream monitor of Arabic news: alerts on Kafka" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid 10001 marsad \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/marsad \
       --shell /usr/sbin/nologin marsad \
    && mkdir -p /var/lib/marsad /etc/marsad \
    && chown 10001:10001 /var/lib/marsad
COPY --from=build /opt/marsad /opt/marsad
ENV PATH=/opt/marsad/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MARSAD_STATE_DIR=/var/lib/marsad \
    MARSAD_METRICS_PORT=9108
# State (seen-set, archive, worker tables) and anything a library writes to the working
# directory go to one writable place: a volume in compose and Kubernetes.
WORKDIR /var/lib/marsad
# Numeric, so Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
EXPOSE 9108
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('MARSAD_METRICS_PORT', '9108') + '/metrics', timeout=4)"]
ENTRYPOINT ["marsad"]
CMD ["--help"]
