"""What kind of question was asked: multiple choice (with its options), yes/no, or open.

The form decides the instruction the model gets, how its answer is parsed, and which evidence helps (MIRAGE:
literature lifts PubMedQA-style yes/no questions a lot and exam questions hardly at all). Detection is plain
pattern matching on purpose: it must be instant, predictable and explainable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kgrag.answering.injection import neutralize
from kgrag.errors import UserError
from kgrag.records import ParsedQuestion, QuestionForm

DEFAULT_MAX_QUESTION_CHARS = 2000

# "A. text", "(b) text", "C) text", "D: text" at the start of a line.
_OPTION_LINE = re.compile(r"^\s*\(?([A-Ha-h])[).:]\s+(\S.*)$")
# Auxiliary verbs that open a yes/no question ("Does metformin ...", "Is there ...").
_YES_NO_OPENERS = frozenset("""
is are was were am do does did can could should would will shall may might must has have had
""".split())
_ALTERNATIVE = re.compile(r"\bor\b", re.IGNORECASE)


class QuestionError(UserError):
    """The question cannot be asked as given (empty, too long, malformed options)."""


def parse_question(question: str, options: Mapping[str, str] | None = None,
                   max_chars: int = DEFAULT_MAX_QUESTION_CHARS) -> ParsedQuestion:
    """Validate the question and detect its form; `options` (letter -> text) makes it multiple choice. Question
    and options are cleaned like evidence first (chat control tokens, escapes, control characters: see
    kgrag.answering.injection), since whoever types them may be hostile."""
    text = neutralize(question).strip()
    if not text:
        raise QuestionError("the question is empty; ask something, e.g. kgrag ask \"What are the features of "
                            "Marfan syndrome?\"")
    if len(text) > max_chars:
        raise QuestionError(f"the question has {len(text):,} characters; the limit is {max_chars:,} "
                            "(KGRAG_MAX_QUESTION_CHARS). Ask about one thing at a time.")
    if options:
        cleaned = {neutralize(str(letter)).strip().upper(): neutralize(str(value)).strip()
                   for letter, value in options.items()}
        empty = [letter for letter, value in cleaned.items() if not value or not letter]
        if empty:
            raise QuestionError(f"option {empty[0] or '(no letter)'} is empty")
        return ParsedQuestion(text, "multiple_choice", cleaned)
    stem, inline = _split_inline_options(text)
    if len(inline) >= 2:
        return ParsedQuestion(stem, "multiple_choice", inline)
    return ParsedQuestion(text, _yes_no_or_open(text), {})


def _split_inline_options(text: str) -> tuple[str, dict[str, str]]:
    """Options written one per line after the stem, lettered consecutively from A."""
    lines = text.splitlines()
    options: dict[str, str] = {}
    first_option_line = None
    for number, line in enumerate(lines):
        match = _OPTION_LINE.match(line)
        if match is None:
            if options:  # text after the options: not an option list
                return text, {}
            continue
        letter = match.group(1).upper()
        if letter != chr(ord("A") + len(options)):
            return text, {}
        options[letter] = match.group(2).strip()
        if first_option_line is None:
            first_option_line = number
    if first_option_line is None or first_option_line == 0:
        return text, {}
    return "\n".join(lines[:first_option_line]).strip(), options


def _yes_no_or_open(text: str) -> QuestionForm:
    words = re.findall(r"[A-Za-z']+", text)
    if not words or words[0].lower() not in _YES_NO_OPENERS:
        return "open"
    # "Is X caused by A or B?" asks to choose, not to confirm.
    return "open" if _ALTERNATIVE.search(text) and not re.search(r"\bor not\b", text, re.IGNORECASE) else "yes_no"
