"""Word classes from the lexicons, for the surface patterns of the rules engine.

Each is a cached frozenset keyed by language; ``Vocabulary.for_lang("en")`` bundles them.
"""

from __future__ import annotations

from functools import lru_cache

import attrs

from quoteattr import lexicons

# Lower-case particles inside personal names (Staffan de Mistura, Bashar al-Assad).
NAME_PARTICLES = frozenset({"de", "da", "di", "del", "della", "der", "den", "du", "la", "le", "van",
                            "von", "bin", "ibn", "al", "el", "abu", "ben", "dos", "das", "y", "st", "mac"})
# Generic nouns that start a sentence in upper case but are never names.
RELATIVE = frozenset({"who", "whose", "which", "whom", "where"})
SUBORDINATORS = frozenset({"that", "as", "while", "when", "whereas", "because", "although", "though",
                           "after", "before", "since", "until", "if", "unless", "once", "but", "and",
                           "or", "so", "where", "whether", "than"})


_TIME_GLUE = frozenset({"at", "in", "of", "on", "that", "the", "this", "since", "during", "following", "past",
                        "same", "prior", "next", "last", "previous", "coming", "ahead", "may", "march", "fall",
                        "late", "early", "mid"})


@attrs.frozen
class ReportingVerb:
    lemma: str
    frame: str  # clause | obj_of | obj_to | obj | np | obj_as | obj_for


@attrs.frozen
class Vocabulary:
    verbs: dict[str, ReportingVerb]  # inflected form -> verb (one-word forms)
    phrasal: dict[tuple[str, ...], ReportingVerb]  # multi-word forms ("pointed", "out")
    phrasal_heads: frozenset[str]  # first words of the multi-word forms
    cue_phrases: dict[tuple[str, ...], str]  # phrase words -> type
    noun_cues: frozenset[str]  # nouns that report: claim, warning, assertion
    frame_nouns: frozenset[str]  # heads of reporting frames: "in a statement", "at a news conference"
    honorifics: frozenset[str]
    titles: frozenset[str]
    role_nouns: frozenset[str]
    modifiers: frozenset[str]
    org_words: frozenset[str]
    group_words: frozenset[str]
    media_words: frozenset[str]  # with the mastheads, which count only capitalised
    mastheads: frozenset[str]
    demonyms: dict[str, str]  # place -> adjective
    demonym_adjectives: frozenset[str]
    places: frozenset[str]  # countries and capitals, which speak for governments
    first_names: dict[str, str]  # name -> m|f|u
    pronouns: dict[str, tuple[str, str, str]]  # word -> (gender, number, person)
    det: frozenset[str]
    prep: frozenset[str]
    conj: frozenset[str]
    aux: frozenset[str]
    adv: frozenset[str]
    time: frozenset[str]
    role_classes: dict[str, str]  # role head noun -> class of office ("boss" -> leader)
    nationality_nouns: dict[str, str]  # "dutchman" -> "dutch"
    institutions: dict[str, tuple[str, str]]  # alias -> (canonical name, country it belongs to)

    @classmethod
    def for_lang(cls, lang: str = "en") -> "Vocabulary":
        return _load(lang)

    def is_function_word(self, w: str) -> bool:
        return w in self.det or w in self.prep or w in self.conj or w in self.aux or w in self.pronouns


@lru_cache(maxsize=None)
def _load(lang: str) -> Vocabulary:
    verbs: dict[str, ReportingVerb] = {}
    phrasal: dict[tuple[str, ...], ReportingVerb] = {}
    for row in lexicons.rows("reporting_verbs", lang):
        if len(row) < 3:
            continue
        lemma, frame, forms = row[0], row[1], row[2]
        rv = ReportingVerb(lemma, frame)
        for form in (f.strip() for f in forms.split(",")):
            if not form:
                continue
            if " " in form:
                phrasal.setdefault(tuple(form.split()), rv)
            else:
                verbs.setdefault(form, rv)
    cue_phrases = {tuple(r[0].split()): r[1] for r in lexicons.rows("cue_phrases", lang) if len(r) > 1}
    demonyms = lexicons.mapping("demonyms", lang)
    pronouns = {r[0]: (r[1], r[2], r[3]) for r in lexicons.rows("pronouns", lang) if len(r) >= 4}
    fw = lexicons.rows("function_words", lang)

    def fw_type(t: str) -> frozenset[str]:
        return frozenset(r[0] for r in fw if len(r) > 1 and r[1] == t)

    return Vocabulary(
        verbs=verbs,
        phrasal=phrasal,
        phrasal_heads=frozenset(k[0] for k in phrasal),
        cue_phrases=cue_phrases,
        noun_cues=frozenset(" ".join(k) for k, t in cue_phrases.items() if t == "noun_cue"),
        frame_nouns=frozenset(k[-1] for k, t in cue_phrases.items()
                              if t == "frame" and len(k) > 1 and k[-1] not in fw_type("prep") | fw_type("det")),
        honorifics=frozenset(w.rstrip(".") for w in lexicons.by_type("titles", "honorific", lang)),
        titles=frozenset(w.rstrip(".") for w in lexicons.by_type("titles", "title", lang)),
        role_nouns=lexicons.by_type("titles", "role_noun", lang),
        modifiers=lexicons.by_type("titles", "modifier", lang),
        org_words=lexicons.by_type("organizations", "organization", lang),
        group_words=lexicons.by_type("organizations", "group", lang),
        media_words=lexicons.by_type("organizations", "media", lang) | lexicons.by_type("organizations", "masthead", lang),
        mastheads=lexicons.by_type("organizations", "masthead", lang),
        demonyms=demonyms,
        demonym_adjectives=frozenset(demonyms.values()),
        places=frozenset(demonyms) | lexicons.words("places", lang),
        first_names=lexicons.mapping("first_names", lang),
        pronouns=pronouns,
        det=fw_type("det"),
        prep=fw_type("prep"),
        conj=fw_type("conj"),
        aux=fw_type("aux"),
        adv=fw_type("adv"),
        # the lexicon's time words include the glue of time phrases ("the", "of", "on"); keep
        # only words that are time expressions on their own
        time=fw_type("time") - _TIME_GLUE,
        role_classes=lexicons.mapping("role_classes", lang),
        nationality_nouns=lexicons.mapping("nationality_nouns", lang),
        institutions={r[0]: (r[1], r[2] if len(r) > 2 else "") for r in lexicons.rows("institutions", lang) if len(r) > 1},
    )
