"""Evidence that tries to instruct the model: found, neutralized where it could break the prompt, and flagged.

Retrieved passages are untrusted text. An abstract (or a poisoned corpus) may say "ignore previous
instructions and ...", and text that contains a chat template's control tokens (`<|im_start|>system`) would be
read by a local tokenizer as real turn boundaries. kgrag quotes every evidence line inside one delimited block,
removes the control tokens and the block's own delimiters from evidence text, tells the model that evidence is
data, and names in the answer each piece of evidence that reads like an instruction, so a reader knows the
answer was produced next to it.

The patterns favour precision: clinical prose says "patients were instructed to ..." and "respond to
treatment", which must not be flagged.

Questions and model output are cleaned the same way as evidence (`clean_text`): chat control tokens, terminal
escape sequences (ANSI CSI/OSC), control characters and bidirectional-override characters are removed, so a
question typed into the app cannot forge a chat turn for a local model, a model reply cannot rewrite the
operator's terminal, and no text can be made to read differently on screen than it is stored.
"""

from __future__ import annotations

import re

EVIDENCE_OPEN, EVIDENCE_CLOSE = "<evidence>", "</evidence>"

_OVERRIDE = r"\b(?:ignore|disregard|forget|override|bypass)\b"
_INSTRUCTION_PATTERNS = [
    # "ignore (all / the above / your ...) instructions"; "the guidelines" alone is clinical prose, so rules,
    # guidelines and context count only after a word that points back at the prompt.
    _OVERRIDE + r"[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|the|these|those)\b"
    r"[^.\n]{0,25}?\b(?:instructions?|prompts?|directions)\b",
    _OVERRIDE + r"[^.\n]{0,20}?\b(?:previous|prior|above|earlier|preceding|all|your)\b[^.\n]{0,15}?"
    r"\b(?:rules|guidelines|context)\b",
    r"\byou are now\b",
    r"\b(?:new|updated|real) instructions?\s*:",
    r"\b(?:system|developer)\s+(?:prompt|message|instructions?)\b",
    r"(?:^|[.!?]\s+)(?:system|assistant)\s*:\s",  # a role marker opening a sentence, not "nervous system: ..."
    r"<\|[a-z_]+\|>",
    r"\[/?INST\]",
    r"</?evidence>",
    r"\b(?:do not|don't|never)\s+(?:cite|mention|reveal|tell)\s+(?:the|this|these|your|any)\s+"
    r"(?:evidence|sources?|instructions?|prompt|user)\b",
    r"\b(?:answer|reply|respond)\s+(?:only\s+)?with\s+[\"'(\[]",
]
_INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _INSTRUCTION_PATTERNS), re.IGNORECASE)
# Chat-template control tokens (`<|im_start|>`, `<|eot_id|>`, `<s>`, `[INST]`) and the evidence delimiters.
_CONTROL = re.compile(r"<\|[^|<>]{1,40}\|>|</?s>|\[/?INST\]|</?evidence>", re.IGNORECASE)


def instruction_like(text: str) -> str | None:
    """The first phrase of `text` that reads like an instruction to the model, or None."""
    match = _INSTRUCTION.search(text)
    return " ".join(match.group(0).split()) if match else None


# Terminal escape sequences: CSI (`ESC [ ... final`), OSC (`ESC ] ... BEL` or `ESC \`), and two-byte escapes.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]")
# C0 and C1 control characters other than tab and newline, and Unicode bidirectional overrides and isolates.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """`text` without terminal escapes, control characters (tab and newline kept; carriage returns become
    newlines) or bidirectional overrides."""
    text = _ANSI.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARS.sub("", text)


def neutralize(text: str) -> str:
    """Untrusted text (evidence, a question) with control tokens, evidence delimiters, escapes and control
    characters removed, so it cannot end the evidence block or open a new chat turn; the words are kept."""
    return _CONTROL.sub(" ", clean_text(text))
