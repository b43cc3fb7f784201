"""Provides describe_keys(): a node's key bindings described in the user's language.

The footer, the help screen and the command palette all read a binding's description.
Bindings are written in English in each class's ``BINDINGS``; the Chinese description
of an action is ``key.<action>`` in ``ptop.model.i18n`` (a test checks that every
described binding has one).
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from ptop.model.i18n import TEXTS


def key_text_key(binding: Binding) -> str:
    """The i18n key of a binding's description: ``key.`` and its action."""
    return f"key.{binding.action}"


def described(binding: Binding, lang: str) -> Binding:
    """The binding with its description in lang (unchanged in English or when undescribed)."""
    if lang == "en" or not binding.description:
        return binding
    words = TEXTS[lang].get(key_text_key(binding))
    return binding if words is None else replace(binding, description=words)


def describe_keys(node: DOMNode, lang: str) -> None:
    """Give node's bindings their descriptions in lang, and tell the footer."""
    english = type(node)._merged_bindings  # the class's own BINDINGS, merged with its bases'
    if english is None:
        return
    translated = BindingsMap()
    translated.key_to_bindings = {
        key: [described(binding, lang) for binding in bindings]
        for key, bindings in english.key_to_bindings.items()
    }
    # Textual keeps a node's live bindings in _bindings and offers no setter for them.
    node._bindings = translated
    node.refresh_bindings()
