"""Provides describe_keys(): a node's key bindings described in the user's language.

The footer reads a binding's description. ptop's bindings are written in English with
an id; their Chinese footer words are ``footer.<id>`` in ``ptop.model.i18n`` (help and
the palette say more, from ``key.<id>``). A binding without an id (Textual's command
palette) is looked up as ``key.<action>``.
"""

from __future__ import annotations

from dataclasses import replace
from weakref import WeakKeyDictionary

from textual.binding import Binding
from textual.dom import DOMNode

from ptop.model.i18n import TEXTS

_ENGLISH: WeakKeyDictionary[DOMNode, dict[str, list[Binding]]] = WeakKeyDictionary()
"""Each node's bindings as first seen (in English), to translate from every time."""


def footer_text_key(binding: Binding) -> str:
    """The i18n key of a binding's footer words."""
    return f"footer.{binding.id}" if binding.id else f"key.{binding.action}"


def described(binding: Binding, lang: str) -> Binding:
    """The binding with its footer words in lang (unchanged in English or when undescribed)."""
    if lang == "en" or not binding.description:
        return binding
    words = TEXTS[lang].get(footer_text_key(binding))
    return binding if words is None else replace(binding, description=words)


def describe_keys(node: DOMNode, lang: str) -> None:
    """Give node's bindings their footer words in lang, and tell the footer."""
    # Textual keeps a node's live bindings in _bindings and offers no way to relabel them.
    bindings = node._bindings
    english = _ENGLISH.setdefault(
        node, {key: list(items) for key, items in bindings.key_to_bindings.items()}
    )
    bindings.key_to_bindings = {
        key: [described(binding, lang) for binding in items] for key, items in english.items()
    }
    node.refresh_bindings()
