"""Answering what the graph knows: graph answers (`graph_answers`) built from the facts without the model."""
