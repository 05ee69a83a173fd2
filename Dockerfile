# syntax=docker/dockerfile:1
# One image for both Kursfinder services: the API (`kursfinder serve`, the default command) and the
# translation worker (`kursfinder worker`). docker-compose.yml runs it next to Meilisearch.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# CPU-only torch first: argostranslate -> stanza -> torch would otherwise resolve to PyPI's default
# wheel and pull several GB of CUDA libraries that no Kursfinder machine uses.
RUN pip install "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu

WORKDIR /app

# Dependencies before the code, so a code change does not reinstall them: install the project's
# dependencies with a stub package, then drop the stub.
COPY pyproject.toml ./
RUN mkdir service && touch service/__init__.py \
    && pip install . \
    && pip uninstall -y kursfinder \
    && rm -rf service build ./*.egg-info

# The code, installed in place: the service finds locales/ and index_config/ next to service/,
# as in a checkout. Catalogs are compiled here (they are not committed).
COPY service ./service
COPY locales ./locales
COPY index_config ./index_config
COPY data/glossary ./data/glossary
COPY babel.cfg ./
RUN pip install --no-deps -e . \
    && pybabel compile -d locales -D messages --statistics

RUN useradd --system --uid 10001 --create-home --home-dir /home/kursfinder --shell /usr/sbin/nologin kursfinder \
    && mkdir -p /data /models \
    && chown kursfinder:kursfinder /data /models
USER kursfinder

ENV KURSFINDER_DATA_DIR=/data \
    KURSFINDER_ARGOS_PACKAGES_DIR=/models
VOLUME ["/data", "/models"]
EXPOSE 8000

CMD ["kursfinder", "serve", "--host", "0.0.0.0", "--port", "8000"]
