"""Placeholder page of the clinician app: shows what the graph holds until the app issue lands."""

from __future__ import annotations

import streamlit as st

from kgrag.config import load_settings
from kgrag.graph import open_graph_store

st.set_page_config(page_title="kgrag", layout="wide")
st.title("kgrag")
st.info("Answers support, and never replace, clinical judgement. The question-answering view is not built yet.")
store = open_graph_store(load_settings())
try:
    stats = store.stats()
finally:
    store.close()
st.metric("concepts", f"{stats.nodes:,}")
st.metric("relations", f"{stats.edges:,}")
st.table([{"source": r.source, "version": r.version, "file": r.file, "loaded at": r.loaded_at}
          for r in stats.releases])
