"""Tiered pair scores: exact, partial, paraphrase, and the hard negatives that must not link."""

from __future__ import annotations

import pytest

from quoteattr.link.claims import build_nodes, make_claim, score_pair
from quoteattr.link.config import LinkConfig
from quoteattr.link.graph import embedding_text
from quoteattr.link.speakers import SpeakerLinker
from tests.link.helpers import article, shared_embedder

CONFIG = LinkConfig()


def two_nodes(a: tuple, b: tuple, *, same_article: bool = False):
    """Nodes for two quotations ``(content, speaker, kind)``, in two articles (or one)."""
    results = [article("x", [a, b])] if same_article else [article("x", [a]), article("y", [b])]
    linker = SpeakerLinker()
    ids = linker.link(results)
    claims = [make_claim(r.doc_id, i, q, entity=ids.get((r.doc_id, i)), known=linker.is_known(ids.get((r.doc_id, i))),
                         order=k, metadata={}) for k, r in enumerate(results) for i, q in enumerate(r.quotes)]
    nodes = build_nodes(claims, CONFIG)
    assert len(nodes) == 2
    return nodes


def lexical(a, b, **kw):
    na, nb = two_nodes(a, b, **kw)
    return score_pair(na, nb, CONFIG)


@pytest.mark.parametrize(
    "a, b, kind",
    [
        # verbatim repeats in two outlets: quote marks, escapes, case, punctuation differ
        (("Everybody’s patience with Russia has run out,", "Josh Earnest"),
         ("Everybody\\’s patience with Russia has run out", "White House spokesman Josh Earnest"), "exact"),
        (("Any truce, seven days, three days, would be senseless", "Lavrov"),
         ("any truce -- seven days, three days -- would be senseless", "Sergei Lavrov"), "exact"),
        # a partial quote inside the fuller quote, the negator outside the partial
        (("abandoning the pursuit of peace", "John Kerry", "partial"),
         ("We are not abandoning the pursuit of peace, we are not going to leave the multilateral field", "Kerry"),
         "partial"),
        (("ghastly avalanche of violence", "Zeid Ra'ad Al Hussein", "partial"),
         ("ghastly avalanche of violence and destruction", "UN rights chief Zeid Ra’ad Al Hussein", "partial"), "partial"),
        # the same words in another order
        (("a cessation of hostilities and a delivery of humanitarian aid would be possible", "Lavrov", "indirect"),
         ("a delivery of humanitarian aid and a cessation of hostilities would be possible", "Lavrov", "indirect"),
         "partial"),
        # a short verbatim phrase of one speaker in two articles
        (("a little bit of progress", "Mr Kerry", "partial"), ("a little bit of progress", "John Kerry", "partial"), "exact"),
    ],
)
def test_verbatim_tiers_link(a, b, kind):
    s = lexical(a, b)
    assert s.type == kind and s.score >= CONFIG.partial_min


@pytest.mark.parametrize(
    "a, b, why",
    [
        # negation flips, same speaker
        (("We will attend the talks in Geneva next week", "Sergei Lavrov"),
         ("We will not attend the talks in Geneva next week", "Lavrov"), "negation"),
        (("there was a deal on the rebel withdrawal", "Michele Sison", "indirect"),
         ("there was no deal on the rebel withdrawal", "Michele Sison", "indirect"), "negation"),
        # different numbers
        (("At least 34 people were killed in the suicide attack on the wedding", "the local Kurdish government", "indirect", "organization"),
         ("At least 43 people were killed in the suicide attack on the wedding", "the local Kurdish government", "indirect", "organization"),
         "numbers"),
        (("groups close to Al Nusra had launched 350 attacks during the ceasefire", "Lavrov", "indirect"),
         ("groups close to Al Nusra had launched 530 attacks during the ceasefire", "Lavrov", "indirect"), "numbers"),
        # a named entity swapped
        (("We will intensify our talks with Russia and other countries", "Mevlut Cavusoglu"),
         ("We will intensify our talks with Iran and other countries", "Mevlut Cavusoglu"), "entities"),
    ],
)
def test_hard_negatives_are_vetoed(a, b, why):
    s = lexical(a, b)
    assert not s.linked and s.veto == why


@pytest.mark.parametrize(
    "a, b",
    [
        # same speaker, a different claim
        (("We're evaluating some mutual ideas in a constructive way, period", "Kerry"),
         ("People who are serious about making peace behave differently from the way Russia has chosen to behave", "John Kerry")),
        (("Any truce, seven days, three days, would be senseless", "Lavrov"),
         ("Now it is essential to prevent a disruption of these agreements", "Sergei Lavrov")),
        # a short phrase two different speakers both use is no shared claim
        (("war of attrition", "The Syrian Observatory for Human Rights", "partial", "organization"),
         ("rebel forces will be reduced to a war of attrition with the army", "Sergei Lavrov", "indirect")),
        (("unacceptable", "Yasser al-Youssef", "partial"), ("the proposal is unacceptable", "Staffan de Mistura", "indirect")),
    ],
)
def test_different_claims_do_not_link(a, b):
    assert not lexical(a, b).linked


def test_long_verbatim_repeat_is_one_node_whoever_is_credited():
    results = [article("x", [("It is the most important neighbourhood in the heart of east Aleppo, and is on the brink "
                              "of falling", "Rami Abdel Rahman")]),
               article("y", [("It is the most important neighbourhood in the heart of east Aleppo, and is on the brink "
                              "of falling", "an Observatory official", "direct", "anonymous")])]
    claims = [make_claim(r.doc_id, 0, r.quotes[0], entity=None, known=False, order=k, metadata={})
              for k, r in enumerate(results)]
    assert len(build_nodes(claims, CONFIG)) == 1


def test_partial_inside_its_indirect_claim_links_by_span():
    text = 'Kerry insisted the decision did not mean it was "abandoning the pursuit of peace".'
    from quoteattr.model import Quote, Result, Speaker

    sp = Speaker("John Kerry", "Kerry", 0, 5, None, "person")
    outer = Quote.from_parts(text, (15, 81), "mixed", speaker=sp)
    inner = Quote.from_parts(text, (49, 80), "partial", speaker=sp)
    r = Result("k", (outer, inner), text=text)
    claims = [make_claim("k", i, q, entity="e", known=True, order=0, metadata={}) for i, q in enumerate(r.quotes)]
    nodes = build_nodes(claims, CONFIG)
    assert len(nodes) == 1 and nodes[0].size == 1  # one statement, the partial nested in it


# -- paraphrase (needs sentence-transformers; the model loads once per session) ---------------
@pytest.fixture(scope="module")
def embed():
    pytest.importorskip("sentence_transformers", reason="paraphrase tier needs sentence-transformers")
    emb = shared_embedder()

    def cosine(na, nb):
        v = emb.encode([embedding_text(na), embedding_text(nb)])
        return float(v[0] @ v[1])

    return cosine


@pytest.mark.parametrize(
    "a, b",
    [
        # indirect speech reporting a direct quote
        (("Turkey will intensify talks with Russia for a ceasefire to end the humanitarian tragedy in Aleppo",
          "Foreign Minister Mevlut Cavusoglu", "indirect"),
         ("Today, tomorrow, everyday, we will intensify our talks with Russia and other countries so we can find "
          "a solution to this humanitarian tragedy", "Cavusoglu")),
        # two outlets' wordings of one statement
        (("the peace talks would take place in Astana, Kazakhstan's capital", "Putin", "indirect"),
         ("talks with Erdogan will take place in Astana, Kazakhstan's capital on future steps in Syria",
          "Russian President Vladimir Putin", "indirect")),
        (("the largest hospital in the rebel-held side of Aleppo was completely destroyed in an aerial attack",
          "the Syrian American Medical Society", "indirect", "organization"),
         ("An air strike completely destroyed the biggest hospital in rebel-held eastern Aleppo",
          "Syrian American Medical Society", "indirect", "organization")),
    ],
)
def test_paraphrases_link(embed, a, b):
    na, nb = two_nodes(a, b)
    s = score_pair(na, nb, CONFIG, embed(na, nb))
    assert s.type == "paraphrase", s


def test_conflicting_known_speakers_block_a_paraphrase(embed):
    na, nb = two_nodes(("the peace talks would take place in Astana, Kazakhstan's capital", "Vladimir Putin", "indirect"),
                       ("talks with Erdogan will take place in Astana, Kazakhstan's capital on future steps in Syria",
                        "Sergei Lavrov", "indirect"))
    assert not score_pair(na, nb, CONFIG, embed(na, nb)).linked


@pytest.mark.parametrize(
    "a, b, why",
    [
        (("At least 34 people were killed when a suicide bomber hit a wedding in Hasakeh", "the Kurdish government", "indirect", "organization"),
         ("A suicide attack on a wedding in Hasakeh killed 43 people", "the Kurdish government", "indirect", "organization"), "numbers"),
        (("Washington has agreed to a rebel withdrawal from Aleppo", "Lavrov", "indirect"),
         ("Washington has not agreed to a rebel withdrawal from Aleppo", "Lavrov", "indirect"), "negation"),
    ],
)
def test_vetoes_block_paraphrases(embed, a, b, why):
    na, nb = two_nodes(a, b)
    s = score_pair(na, nb, CONFIG, embed(na, nb))
    assert not s.linked and s.veto == why
