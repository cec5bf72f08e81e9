"""CoNLL-U in and out: treebank reading for training, `kommunkollen parse` output and
`kommunkollen evaluate-parse` scoring.

The training treebank (sv-ud-train-2015.conll) is a 2015 conversion with UD v1
labels; `to_v2` maps its tokens to v2 with the rules in data/ud_v1_to_v2.tsv so that
the model speaks the labels of the UD 2.17 files it is evaluated on.

Bad input is a `ConlluError` (a UserError) naming the file and line, never a traceback.
"""
from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path

from kommunkollen.errors import UserError


class ConlluError(UserError):
    """A malformed CoNLL-U file: the message names the file and the line."""


@dataclass(frozen=True)
class Token:
    id: int
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    misc: str = "_"

    @property
    def features(self) -> dict[str, str]:
        return parse_feats(self.feats)


@dataclass
class Sentence:
    tokens: list[Token]
    comments: list[str] = field(default_factory=list)
    line: int = 0                                  # line of its first token in the file

    @property
    def text(self) -> str:
        for comment in self.comments:
            if comment.startswith("# text = "):
                return comment[len("# text = "):]
        return detokenize([t.form for t in self.tokens], [space_after(t) for t in self.tokens])


def parse_feats(feats: str) -> dict[str, str]:
    if feats in ("", "_"):
        return {}
    out = {}
    for pair in feats.split("|"):
        name, _, value = pair.partition("=")
        out[name] = value
    return out


def format_feats(features: dict[str, str]) -> str:
    return "|".join(f"{k}={features[k]}" for k in sorted(features, key=str.lower)) or "_"


def space_after(token: Token) -> bool | None:
    """False/True when MISC says (SpaceAfter=No), None when the file does not tell."""
    if "SpaceAfter=No" in token.misc.split("|"):
        return False
    return None


_NO_SPACE_BEFORE = frozenset(",.:;!?)]}%”’»")
_NO_SPACE_AFTER = frozenset("([{“‘«")


def detokenize(forms: list[str], spaces: list[bool | None]) -> str:
    """Text from tokens: the file's spacing where given, else no space before closing punctuation."""
    out = []
    for i, form in enumerate(forms):
        out.append(form)
        if i + 1 == len(forms):
            break
        given = spaces[i]
        if given is None:
            given = not (forms[i + 1] in _NO_SPACE_BEFORE or form in _NO_SPACE_AFTER)
        if given:
            out.append(" ")
    return "".join(out)


def read_conllu(path: Path | str, *, lines: Iterable[str] | None = None) -> Iterator[Sentence]:
    """Sentences of a CoNLL-U (or 10-column CoNLL-X) file. Multiword-token ranges and empty
    nodes (1-2, 3.1) are skipped: the basic tree is what is trained and scored."""
    name = str(path)
    if lines is None:
        try:
            handle = open(path, encoding="utf-8", newline="")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise ConlluError(f"{name}: cannot read ({exc.strerror or exc})") from exc
        lines = handle
    else:
        handle = None
    try:
        yield from _sentences(name, lines)
    except UnicodeDecodeError as exc:
        raise ConlluError(f"{name}: not UTF-8 text (byte {exc.start} of a line: {exc.reason}); "
                          "convert it with iconv -f <encoding> -t utf-8") from exc
    finally:
        if handle is not None:
            handle.close()


def _sentences(name: str, lines: Iterable[str]) -> Iterator[Sentence]:
    tokens: list[Token] = []
    comments: list[str] = []
    first = 0
    number = 0
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if tokens:
                yield _checked(name, Sentence(tokens, comments, first))
            elif comments:
                raise ConlluError(f"{name}:{number}: a sentence with comments but no tokens ends here")
            tokens, comments = [], []
            continue
        if line.startswith("#"):
            if tokens:
                raise ConlluError(f"{name}:{number}: a comment inside a sentence (a blank line is missing before it)")
            comments.append(line)
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise ConlluError(f"{name}:{number}: {len(cols)} tab-separated columns, CoNLL-U has 10")
        if "-" in cols[0] or "." in cols[0]:
            continue
        try:
            tid = int(cols[0])
            head = int(cols[6]) if cols[6] != "_" else -1
        except ValueError:
            raise ConlluError(f"{name}:{number}: ID {cols[0]!r} and HEAD {cols[6]!r} must be numbers") from None
        if not tokens:
            first = number
        if tid != len(tokens) + 1:
            raise ConlluError(f"{name}:{number}: token ID {tid} where {len(tokens) + 1} was expected")
        if not cols[1]:
            raise ConlluError(f"{name}:{number}: empty FORM")
        tokens.append(Token(tid, cols[1], cols[2], cols[3], cols[4], cols[5], head, cols[7], cols[9]))
    if tokens:
        yield _checked(name, Sentence(tokens, comments, first))
    elif comments:
        raise ConlluError(f"{name}:{number}: the file ends in comments without tokens")


def _checked(name: str, sentence: Sentence) -> Sentence:
    n = len(sentence.tokens)
    for i, token in enumerate(sentence.tokens):
        if token.head != -1 and not 0 <= token.head <= n:
            raise ConlluError(f"{name}:{sentence.line + i}: HEAD {token.head} is outside the sentence (1..{n})")
    return sentence


# ---------------------------------------------------------------- UD v1 -> v2


@dataclass(frozen=True)
class MappingRule:
    field: str
    old: str
    new: str
    tests: tuple[tuple[str, frozenset[str]], ...]


@cache
def mapping_rules() -> tuple[MappingRule, ...]:
    text = resources.files("kommunkollen.data").joinpath("ud_v1_to_v2.tsv").read_text(encoding="utf-8")
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fld, old, new, condition = line.split("\t")
        tests = ()
        if condition != "-":
            tests = tuple((name, frozenset(values.split(",")))
                          for name, _, values in (part.partition("=") for part in condition.split(";")))
        rules.append(MappingRule(fld, old, new, tests))
    return tuple(rules)


def _holds(rule: MappingRule, token: Token, head: Token | None, forms_by_xpos: dict[str, set[str]],
           child_relations: frozenset[str] = frozenset()) -> bool:
    xpos_parts = token.xpos.split("|")
    feats = token.features
    for name, values in rule.tests:
        if name == "deprel":
            ok = token.deprel in values
        elif name == "upos":
            ok = token.upos in values
        elif name == "xpos":
            ok = xpos_parts[0] in values
        elif name == "xpos_has":
            ok = bool(values & set(xpos_parts[1:]))
        elif name == "head_upos":
            ok = head.upos in values if head else "ROOT" in values
        elif name == "head_deprel":
            ok = head.deprel in values if head else False
        elif name == "form":
            ok = token.form.lower() in values
        elif name == "feat":
            ok = any(f"{k}={v}" in values for k, v in feats.items())
        elif name == "nochild":
            ok = not values & child_relations
        elif name == "nofeat":
            ok = not values & feats.keys()
        elif name in ("also_xpos", "never_xpos"):
            seen = any(token.form.lower() in forms_by_xpos.get(x, ()) for x in values)
            ok = seen if name == "also_xpos" else not seen
        else:
            raise ValueError(f"ud_v1_to_v2.tsv: unknown test {name!r}")
        if not ok:
            return False
    return True


def following_conjunct(tokens: list[Token], relations: frozenset[str]) -> list[Token]:
    """Tokens of `relations` (cc, punct) that sit between a first conjunct and one of its
    conjuncts, re-attached to the nearest conjunct that follows them (the v2 rule)."""
    conjuncts: dict[int, list[int]] = {}
    for t in tokens:
        if t.deprel == "conj" and t.head > 0:
            conjuncts.setdefault(t.head, []).append(t.id)
    out = []
    for t in tokens:
        if t.deprel in relations and t.head in conjuncts and t.head < t.id:
            following = [c for c in conjuncts[t.head] if c > t.id]
            if following:
                t = replace(t, head=min(following))
        out.append(t)
    return out


def split_markers(tokens: list[Token], keep: frozenset[str]) -> list[Token]:
    """A fixed conjunction under a marker ("för att") becomes a second marker of the clause."""
    out = list(tokens)
    for i, t in enumerate(tokens):
        if t.deprel == "fixed" and t.head > 0 and t.upos in ("SCONJ", "PART"):
            head = tokens[t.head - 1]
            if head.deprel == "mark" and head.form.lower() not in keep:
                out[i] = replace(t, head=head.head, deprel="mark")
    return out


def preposition_phrases(tokens: list[Token]) -> list[Token]:
    """A fixed group of a preposition and a noun ("i dag", "i första hand") as v2 parses it: the
    noun heads the group with the preposition's place in the tree (obl on a predicate, nmod
    elsewhere), the preposition is its case marker, the other words its modifiers."""
    out = list(tokens)
    groups: dict[int, list[Token]] = {}
    for t in tokens:
        if t.deprel == "fixed" and t.head > 0:
            groups.setdefault(t.head, []).append(t)
    for head_id, members in groups.items():
        prep = out[head_id - 1]
        nouns = [m for m in members if m.upos in ("NOUN", "PRON")]
        if (prep.upos != "ADP" or len(nouns) != 1 or nouns[0] is not members[-1]
                or any(m.upos not in ("NOUN", "PRON", "ADJ", "DET", "NUM") for m in members)
                or prep.deprel not in ("advmod", "compound:prt", "nmod", "obl")):
            continue
        noun = nouns[0]
        governor = out[prep.head - 1].upos if prep.head > 0 else "VERB"
        relation = "obl" if governor in ("VERB", "AUX", "ADJ", "ADV") else "nmod"
        out[noun.id - 1] = replace(noun, head=prep.head, deprel=relation)
        out[prep.id - 1] = replace(prep, head=noun.id, deprel="case")
        modifier = {"ADJ": "amod", "DET": "det", "NUM": "nummod"}
        for m in members:
            if m is not noun:
                out[m.id - 1] = replace(m, head=noun.id, deprel=modifier[m.upos])
        for k, t in enumerate(out):
            if t.head == prep.id and t.id not in (noun.id, *(m.id for m in members)):
                out[k] = replace(t, head=noun.id)
    return out


def demonstrative_adverbs(tokens: list[Token], forms: frozenset[str]) -> list[Token]:
    """"här" in "den här" modifies the determiner (advmod), it is not a fixed part of it."""
    return [replace(t, deprel="advmod") if t.deprel == "fixed" and t.form.lower() in forms else t for t in tokens]


PAIRED_PUNCT = {"(": ")", "[": "]", "{": "}"}
FINAL_PUNCT = frozenset(".?!")


def _ancestors(heads: list[int], i: int) -> list[int]:
    """i and its ancestors (1-based ids; heads[i - 1] is the head of i, 0 the root)."""
    out, seen = [], set()
    while i and i not in seen:
        out.append(i)
        seen.add(i)
        i = heads[i - 1]
    return out


def _subtree_span(heads: list[int], i: int) -> tuple[int, int]:
    ids = [k for k in range(1, len(heads) + 1) if i in _ancestors(heads, k)]
    return min(ids), max(ids)


def _projective_for(heads: list[int], p: int, cand: int) -> bool:
    """Whether attaching token p to cand keeps p's arc projective and p out of any gap."""
    trial = list(heads)
    trial[p - 1] = cand
    lo, hi = sorted((p, cand))
    if any(cand not in _ancestors(trial, k) for k in range(lo + 1, hi)):
        return False
    above = set(_ancestors(trial, cand))
    for d in range(1, len(trial) + 1):
        h = trial[d - 1]
        if d != p and h and min(h, d) < p < max(h, d) and h not in above:
            return False
    return True


def projective_punct(tokens: list[Token]) -> list[Token]:
    """Punctuation attached as UD v2 wants it: brackets to the head of what they enclose, other
    marks to the nearest neighbouring subtree's head that keeps the tree projective (the lower
    of the left and the right candidate), keeping the v1 head when it is one of the candidates."""
    heads = [t.head for t in tokens]
    n = len(tokens)
    is_punct = [t.upos == "PUNCT" for t in tokens]
    if any(is_punct[h - 1] for h in heads if h):
        return tokens               # punctuation with dependents: leave the sentence as it is
    paired: set[int] = set()
    for i, t in enumerate(tokens, 1):
        closing = PAIRED_PUNCT.get(t.form)
        if not closing:
            continue
        j = next((k for k in range(i + 1, n + 1) if tokens[k - 1].form == closing), None)
        if j is None:
            continue
        inner = [k for k in range(i + 1, j) if not is_punct[k - 1] and not i < heads[k - 1] < j]
        if inner:
            heads[i - 1], heads[j - 1] = inner[0], inner[-1]
            paired |= {i, j}
    for p in range(1, n + 1):
        if not is_punct[p - 1] or p in paired or heads[p - 1] == 0:
            continue
        left = next((k for k in range(p - 1, 0, -1) if not is_punct[k - 1]), None)
        right = None if tokens[p - 1].form in FINAL_PUNCT else next(
            (k for k in range(p + 1, n + 1) if not is_punct[k - 1]), None)
        paths = []
        for start, side in ((left, "left"), (right, "right")):
            path = []
            node = start
            while node:
                path.append(node)
                parent = heads[node - 1]
                lo, hi = _subtree_span(heads, node)
                if not parent or (side == "left" and (parent > p or hi > p)) or (
                        side == "right" and (parent < p or lo < p)):
                    break
                node = parent
            paths.append([c for c in path if _projective_for(heads, p, c)])
        left_path, right_path = paths
        lc = left_path[-1] if left_path else None
        rc = right_path[-1] if right_path else None
        if lc and rc:
            cand = rc if lc in _ancestors(heads, rc) else lc
        else:
            cand = lc or rc
        if cand is None:
            continue
        if heads[p - 1] not in left_path + right_path:
            heads[p - 1] = cand
    return [replace(t, head=h) if h != t.head else t for t, h in zip(tokens, heads, strict=True)]


def is_tree(tokens: list[Token]) -> bool:
    """One root, and every token reaches it."""
    if sum(1 for t in tokens if t.head == 0) != 1:
        return False
    for t in tokens:
        seen, node = set(), t
        while node.head != 0:
            if node.id in seen or not 0 < node.head <= len(tokens):
                return False
            seen.add(node.id)
            node = tokens[node.head - 1]
    return True


def _tree_rule(rule: MappingRule, tokens: list[Token]) -> list[Token]:
    tests = dict(rule.tests)
    if rule.new == "following_conjunct":
        return following_conjunct(tokens, frozenset(rule.old.split(",")))
    if rule.new == "split_markers":
        return split_markers(tokens, tests.get("keep", frozenset()))
    if rule.new == "preposition_phrases":
        return preposition_phrases(tokens)
    if rule.new == "projective_punct":
        return projective_punct(tokens)
    if rule.new == "demonstrative_adverbs":
        return demonstrative_adverbs(tokens, tests.get("form", frozenset()))
    raise ValueError(f"ud_v1_to_v2.tsv: unknown tree rule {rule.new!r}")


def to_v2(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences with UD v1 relations, parts of speech and features mapped to v2."""
    forms_by_xpos: dict[str, set[str]] = {}
    for sentence in sentences:
        for t in sentence.tokens:
            forms_by_xpos.setdefault(t.xpos.split("|")[0], set()).add(t.form.lower())
    rules = mapping_rules()
    out = []
    for sentence in sentences:
        mapped = []
        children: dict[int, set[str]] = {}
        for token in sentence.tokens:
            children.setdefault(token.head, set()).add(token.deprel)
        for token in sentence.tokens:
            head = sentence.tokens[token.head - 1] if token.head > 0 else None
            child_relations = frozenset(children.get(token.id, ()))
            changes: dict[str, str] = {}
            feats = token.features
            for rule in rules:
                if rule.field == "tree":
                    continue
                if rule.field == "feat":
                    if _holds(rule, token, head, forms_by_xpos, child_relations):
                        name, _, value = rule.new.partition("=")
                        feats.setdefault(name, value)
                    continue
                current = token.deprel if rule.field == "deprel" else token.upos
                if rule.field in changes or current != rule.old:
                    continue
                if _holds(rule, token, head, forms_by_xpos, child_relations):
                    changes[rule.field] = rule.new
            mapped.append(replace(token, deprel=changes.get("deprel", token.deprel),
                                  upos=changes.get("upos", token.upos), feats=format_feats(feats)))
        for rule in rules:
            if rule.field == "tree":
                changed = _tree_rule(rule, mapped)
                # A change that would leave no single rooted tree (odd v1 analyses) is not made.
                mapped = changed if is_tree(changed) else mapped
        out.append(Sentence(mapped, sentence.comments, sentence.line))
    return out


# ---------------------------------------------------------------- spaCy Docs


def to_doc(vocab, sentence: Sentence):
    """A spaCy Doc with the sentence's annotation (tags, morphology, lemmas, tree) as the gold."""
    from spacy.tokens import Doc

    forms = [t.form for t in sentence.tokens]
    text = detokenize(forms, [space_after(t) for t in sentence.tokens])
    spaces, pos = [], 0
    for i, form in enumerate(forms):
        pos += len(form)
        spaces.append(i + 1 < len(forms) and text[pos:pos + 1] == " ")
        pos += 1 if spaces[-1] else 0
    has_tree = all(t.head >= 0 for t in sentence.tokens)
    return Doc(
        vocab, words=forms, spaces=spaces,
        tags=[t.xpos if t.xpos != "_" else "" for t in sentence.tokens],
        pos=[t.upos if t.upos != "_" else "" for t in sentence.tokens],
        morphs=[t.feats if t.feats != "_" else "" for t in sentence.tokens],
        lemmas=[t.lemma if t.lemma != "_" else "" for t in sentence.tokens],
        heads=[(t.head - 1 if t.head else i) for i, t in enumerate(sentence.tokens)] if has_tree else None,
        deps=[t.deprel for t in sentence.tokens] if has_tree else None,
        sent_starts=[True] + [False] * (len(forms) - 1),
    )


def doc_sentences(doc, *, doc_id: str = "", ner: bool = True) -> list[Sentence]:
    """A parsed spaCy Doc as CoNLL-U sentences; the NER tag (BIO) goes to MISC as NER=."""
    out = []
    for n, sent in enumerate(doc.sents, 1):
        tokens = []
        words = [t for t in sent if not t.is_space]
        index = {t.i: k for k, t in enumerate(words, 1)}
        for k, t in enumerate(words, 1):
            # Whitespace tokens are not written: a word attached to one takes the space's head.
            governor = t.head
            while governor.is_space and governor.head.i != governor.i:
                governor = governor.head
            head = 0 if governor.i == t.i or governor.i not in index else index[governor.i]
            misc = []
            if ner:
                misc.append(f"NER={t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "NER=O")
            if not t.whitespace_ and k < len(words):
                misc.append("SpaceAfter=No")
            misc.append(f"TokenRange={t.idx}:{t.idx + len(t.text)}")
            feats = str(t.morph) or "_"
            tokens.append(Token(k, t.text, t.lemma_ or "_", t.pos_ or "_", t.tag_ or "_", feats, head,
                                (t.dep_ if head else "root") if t.dep_ else "_", "|".join(misc)))
        if not tokens:
            continue
        roots = [t for t in tokens if t.head == 0]
        if len(roots) > 1:
            # CoNLL-U has one root per sentence; a second one (a word whose head was a skipped
            # space) hangs from the first as `dep`.
            first = next((t for t in roots if t.deprel == "root"), roots[0])
            tokens = [replace(t, head=first.id, deprel="dep") if t.head == 0 and t is not first else t
                      for t in tokens]
        comments = [f"# sent_id = {doc_id + '-' if doc_id else ''}{n}",
                    "# text = " + " ".join(sent.text.split())]
        out.append(Sentence(tokens, comments))
    return out


def format_sentence(sentence: Sentence) -> str:
    lines = list(sentence.comments)
    for t in sentence.tokens:
        head = str(t.head) if t.head >= 0 else "_"
        lines.append("\t".join((str(t.id), t.form, t.lemma or "_", t.upos or "_", t.xpos or "_", t.feats or "_",
                                head, t.deprel or "_", "_", t.misc or "_")))
    return "\n".join(lines) + "\n\n"


# ---------------------------------------------------------------- evaluation

METRICS = ("UPOS", "XPOS", "UFeats", "Lemma", "UAS", "LAS")


def _correct(gold: Token, pred: Token, shared_feats: frozenset[str] | None = None) -> dict[str, bool]:
    if shared_feats is None:
        feats_ok = gold.features == pred.features
    else:
        feats_ok = ({k: v for k, v in gold.features.items() if k in shared_feats}
                    == {k: v for k, v in pred.features.items() if k in shared_feats})
    # LAS compares the universal part of the relation (nsubj:pass = nsubj), as the CoNLL 2018 scorer does.
    head_ok = gold.head == pred.head
    return {"UPOS": gold.upos == pred.upos, "XPOS": gold.xpos == pred.xpos, "UFeats": feats_ok,
            "Lemma": gold.lemma == pred.lemma or (gold.lemma == "_" and pred.lemma == "_"),
            "UAS": head_ok, "LAS": head_ok and gold.deprel.split(":")[0] == pred.deprel.split(":")[0]}


def bootstrap_ci(per_sentence: list[tuple[int, int]], *, samples: int = 1000, seed: int = 13) -> tuple[float, float]:
    """95% interval of a token accuracy, resampling sentences (correct, total)."""
    if not per_sentence:
        return (math.nan, math.nan)
    rng = random.Random(seed)
    n = len(per_sentence)
    values = []
    for _ in range(samples):
        correct = total = 0
        for _ in range(n):
            c, t = per_sentence[rng.randrange(n)]
            correct += c
            total += t
        values.append(correct / total if total else 0.0)
    values.sort()
    return (values[int(0.025 * samples)], values[int(0.975 * samples) - 1])


def evaluate(gold: list[Sentence], pred: list[Sentence], *, shared_feats: Iterable[str] | None = None,
             punct: bool = True) -> dict:
    """Token accuracies of `pred` against `gold` (same tokens), with 95% bootstrap intervals.

    `shared_feats`: also report UFeats restricted to these feature names (those both the
    training and the evaluation scheme annotate). `punct=False` leaves punctuation out of
    UAS/LAS, as some papers do; the headline figures count every token."""
    if len(gold) != len(pred):
        raise UserError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    shared = frozenset(shared_feats) if shared_feats is not None else None
    per: dict[str, list[tuple[int, int]]] = {m: [] for m in METRICS}
    if shared is not None:
        per["UFeats (shared features)"] = []
    confusions: Counter = Counter()
    for g, p in zip(gold, pred, strict=True):
        if [t.form for t in g.tokens] != [t.form for t in p.tokens]:
            raise UserError(f"sentence at line {g.line}: the predicted tokens differ from the gold tokens")
        counts = Counter()
        totals = Counter()
        for gt, pt in zip(g.tokens, p.tokens, strict=True):
            ok = _correct(gt, pt)
            for metric in METRICS:
                if metric in ("UAS", "LAS") and not punct and gt.upos == "PUNCT":
                    continue
                totals[metric] += 1
                counts[metric] += ok[metric]
            if shared is not None:
                totals["UFeats (shared features)"] += 1
                counts["UFeats (shared features)"] += _correct(gt, pt, shared)["UFeats"]
            if not ok["LAS"] and ok["UAS"]:
                confusions[(gt.deprel, pt.deprel)] += 1
        for metric in per:
            per[metric].append((counts[metric], totals[metric]))
    result = {"sentences": len(gold), "tokens": sum(len(s.tokens) for s in gold), "metrics": {}}
    for metric, values in per.items():
        correct = sum(c for c, _ in values)
        total = sum(t for _, t in values)
        low, high = bootstrap_ci(values)
        result["metrics"][metric] = {"accuracy": round(correct / total, 4) if total else None,
                                     "ci95": [round(low, 4), round(high, 4)], "tokens": total}
    result["label_confusions"] = [{"gold": g, "predicted": p, "count": c} for (g, p), c in confusions.most_common(10)]
    return result
