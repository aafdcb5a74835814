FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH \
    STATIC_ROOT=/app/staticfiles DATA_DIR=/data
WORKDIR /app
# pg_dump and pg_restore for manage.py backup/restore (a client at least as new as the server).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.8
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# Static files belong to the image (STATIC_ROOT), not to the data volume: collected once here,
# with the manifest storage production uses, and served wherever DATA_DIR is mounted.
RUN DEBUG=0 DATA_DIR=/tmp/build SECRET_KEY=build-only FIELD_ENCRYPTION_KEY=build-only \
    python manage.py collectstatic --noinput && rm -rf /tmp/build
# Never root at run time: the code is read-only to the service user, /data is its own.
RUN groupadd --system --gid 1000 inspection \
    && useradd --system --uid 1000 --gid inspection --home-dir /app --shell /usr/sbin/nologin inspection \
    && mkdir -p /data && chown inspection:inspection /data
USER inspection
VOLUME ["/data"]
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "inspection.wsgi:application"]
