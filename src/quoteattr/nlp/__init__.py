"""Engines: raw text in, an annotated document out."""

from quoteattr.nlp.base import AnnotatedDoc, Engine, EntityMention, Sentence, Token, check_requirements
from quoteattr.nlp.rules import RulesEngine

__all__ = ["AnnotatedDoc", "Engine", "EntityMention", "RulesEngine", "Sentence", "Token", "check_requirements"]
