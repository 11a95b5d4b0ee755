"""Answering a question: the planner (`planner`: link, subgraph, passages, rank, plan), the question's form
(`question`), prompts (`prompting`), citations (`citing`), untrusted text (`injection`), graph answers built from
the facts without the model (`graph_answers`, `graph_choice`) and the verification policy (`policy`)."""
