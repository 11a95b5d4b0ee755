"""Text -> concept ids: the dictionary linker over every concept name with its guards, abbreviations and NegEx
context (`dictionary`), the dense fallback over concept-name vectors (`dense`, `concept_index`)."""
