"""The learned part of understanding: which question a message asks, and whether it tells of an emergency.

Two heads over one representation of the text:
- intents: a multinomial logistic regression over the pretrained sentence embedding (meaning:
  "pass water" is near "pee") joined with word and character n-gram TF-IDF (exact words, typos);
- emergency: a binary logistic regression over the same features, trained on first-person
  accounts of emergency signs against everything else. It is the learned net beside the
  rule lexicon (clinic/emergency.py); it reads each clause on its own, so a report inside a long
  story is found, and it skips clauses that are negated ("no accidents") or hypothetical ("what if").

Plain Python (numpy, scikit-learn): no Rasa import, so it is trained and tested on its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Callable, Dict, Iterator, List, Sequence, Tuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from clinic.answer_plan import FORM_STARTING_INTENTS, is_question
from clinic.questions import Span, clauses, question_clauses, with_topic

Encode = Callable[[Sequence[str]], np.ndarray]

_NEEDLING = re.compile(r"\b(?:dry[\s-]?needling|dry[\s-]?needles?|needling)\b", re.IGNORECASE)
# where "acupuncture" means acupuncture: the difference itself, and acupuncture for other things
WORD_SENSITIVE_INTENTS = {"ask_dry_needling_vs_acupuncture", "out_of_scope"}


def acupuncture_variants(texts: Sequence[str], labels: Sequence[str]) -> Tuple[List[str], List[str]]:
    """The examples that name dry needling, said with "acupuncture" instead (not for WORD_SENSITIVE_INTENTS)."""
    pairs = [(_NEEDLING.sub("acupuncture", text), label) for text, label in zip(texts, labels, strict=True)
             if label not in WORD_SENSITIVE_INTENTS and _NEEDLING.search(text)]
    return [text for text, _ in pairs], [label for _, label in pairs]

# A clause opening with one of these denies what follows ("no numbness down there", "never had an accident").
_NEGATED_CLAUSE = re.compile(
    # "no feeling in my groin", "no control over my bladder" report a sign: they are not denials
    r"^(?:(?:and|but|also|plus|so|just)\s+)?(?:no|not|never|nothing|none|neither|nor|without|zero|0)\b"
    r"(?!\s+(?:feeling|sensation|control|strength|power|urge)\b)"
    # shorthand reassurance: "bladder fine", "bowels are ok", "waterworks all normal"
    r"|^(?:my\s+|the\s+)?(?:bladder|bowels?|pee(?:ing)?|wee(?:ing)?|toilet|waterworks|down\s+there)"
    r"(?:\s+and\s+\w+)?(?:'s|\s+is|\s+are|\s+seems?|\s+feels?)?(?:\s+(?:all|totally|working|still|completely))?"
    r"\s+(?:fine|ok|okay|normal|alright|all\s+right)\b"
    r"|\b(?:is|are|seems?|feels?|been|are\s+all|is\s+all)\s+(?:fine|ok|okay|normal|good|alright|all\s+right)\b"
    r"|\bno\s+(?:problems?|issues?|trouble|changes?)\s+(?:with|in)\b",
    re.IGNORECASE,
)
# A clause asking "what if", "in case", "how would I know": a question about a sign, not a report.
_HYPOTHETICAL_CLAUSE = re.compile(
    r"^(?:(?:and|but|so)\s+)?(?:what\s+if|if|in\s+case|suppose|supposing|imagine|should\s+i\s+worry\s+if|"
    r"when\s+should|how\s+(?:do|would|will|can)\s+i\s+(?:know|tell)|what\s+are\s+the\s+(?:signs|symptoms)|"
    r"what\s+(?:signs|symptoms)|which\s+(?:signs|symptoms)|is\s+it\s+an\s+emergency\s+(?:if|when))\b"
    r"|\b(?:signs?|symptoms?|red\s+flags?|warning\s+signs?)\s+(?:of|to\s+watch|to\s+look)\b"
    r"|\bwatch\s+(?:out\s+)?for\b|\bcould\s+happen\b|\bwould\s+(?:that|it)\s+be\s+an\s+emergency\b",
    re.IGNORECASE,
)


def negated_or_hypothetical(clause: str) -> bool:
    return bool(_NEGATED_CLAUSE.search(clause.strip()) or _HYPOTHETICAL_CLAUSE.search(clause.strip()))


# Pain, numbness or tingling down one named leg is sciatica itself, not an emergency sign
# (../shared/clinical/checklist.md §1: the saddle, bladder, bowel, both legs, weakness, foot drop).
# The learned net, taught by many accounts that begin that way, read "my right leg was pretty numb"
# as one, and "my foot feels numb today, is that the sciatica?" too. A clause that names one side
# ("my left leg", "my dad's foot") and tells only of feeling (pain, numbness, "weird", "worse") is
# not the emergency clause; a total loss ("no feeling in my left leg"), anything about moving,
# walking, weakness, the bladder, the bowel, the saddle (the inner thigh) or the other side keeps it in.
_ONE_SIDE = re.compile(
    r"\b(?:left|right|one|bad|same|that)\s+(?:leg|foot|toes?|calf|shin|thigh|ankle|knee|hip|buttock|bum|butt|side)\b"
    # one limb (not "my bum", which is the saddle)
    r"|\b(?:my|his|her)\s+(?:\w+'s\s+)?(?:leg|foot|toes|calf|shin|thigh|ankle|knee)\b",
    re.IGNORECASE)
_FEELING = re.compile(r"numb|tingl|pins\s+and\s+needles|pain|ache|aching|hurt|burn|shoot|sore|asleep|feeling|sensation"
                      r"|weird|\bodd\b|strange|funny|fizz|buzz|\bfe(?:el|els|lt)\b|worse", re.IGNORECASE)
_BEYOND_FEELING = re.compile(
    r"weak|give|gave|giving|buckl|collaps|drag|drop|lift|mov|walk|stand|stood|trip|stumbl|slap|\bfell\b|fall|"
    r"paraly|control|bladder|pee|urin|"
    r"\bwee|\bwet\b|accident|incontinen|catheter|bowel|\bpoo|toilet|groin|saddle|coccyx|tailbone|genital|private|both|\blegs\b|\bfeet\b|\bsex|"
    r"can'?t|couldn'?t|cannot|unable|won'?t|wouldn'?t|work|\ball\s+(?:the\s+)?feeling|no\s+feeling|"
    r"complete|whole|total|absolute|entire|dead|nothing|spread|\btoo\b|as\s+well|other|opposite|inside|inner",
    re.IGNORECASE)


def one_sided_feeling_only(clause: str) -> bool:
    """Whether the clause tells only of pain, numbness or tingling on one named side."""
    return bool(_ONE_SIDE.search(clause) and _FEELING.search(clause) and not _BEYOND_FEELING.search(clause))


@dataclass(frozen=True)
class Settings:
    embedding_weight: float = 2.0  # how much the sentence meaning counts next to the n-grams
    # inverse regularisation of both heads: 16 beat 8 and 4 on real patients and on the held-out set
    c: float = 16.0
    emergency_threshold: float = 0.5  # probability from which a clause counts as an emergency report
    max_questions: int = 3
    # A request said as a statement ("I'd like to book. How long is a session?") counts only in a
    # short message: in a story, "I have been having acupuncture weekly" is no request to book.
    stated_request_max_words: int = 30
    question_threshold: float = 0.45  # a clause's intent must be at least this sure to be answered apart
    random_state: int = 42
    # Patients say "acupuncture" for any needling: every example that says "dry needling" is also
    # learned with "acupuncture" in its place, except for the intents where the word itself matters.
    acupuncture_variants: bool = True


@dataclass
class Prediction:
    ranking: List[Tuple[str, float]]  # intents, most likely first
    emergency_probability: float = 0.0
    emergency_span: Span | None = None
    questions: List[Tuple[str, Span]] = field(default_factory=list)  # when several are asked
    # how sure the least sure of those questions is (each one at least question_threshold)
    questions_confidence: float = 0.0


class IntentModel:
    def __init__(self, encode: Encode, settings: Settings = Settings()) -> None:
        self.encode = encode
        self.settings = settings
        self.words = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, lowercase=True)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                     lowercase=True)
        self.intents: LogisticRegression | None = None
        self.emergency: LogisticRegression | None = None
        self._intent_weights: np.ndarray | None = None  # see intent_probabilities

    def __getstate__(self) -> Dict:
        # the transposed weights are rebuilt on first use: not stored twice in the model file
        return {**self.__dict__, "_intent_weights": None}

    # ---- training ---------------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], labels: Sequence[str], emergency_label: str,
            embeddings: np.ndarray | None = None) -> IntentModel:
        """`labels` name each text's intent; texts labelled `emergency_label` train the emergency head
        only (they are not an intent the classifier answers)."""
        if self.settings.acupuncture_variants:
            extra_texts, extra_labels = acupuncture_variants(texts, labels)
            texts, labels = list(texts) + extra_texts, list(labels) + extra_labels
            embeddings = None if embeddings is None else np.vstack([embeddings, self.encode(extra_texts)])
        if embeddings is None:
            embeddings = self.encode(texts)
        self.words.fit(texts)
        self.chars.fit(texts)
        features = self._features(texts, embeddings)
        labels_array = np.asarray(labels)
        is_emergency = labels_array == emergency_label
        self.intents = LogisticRegression(C=self.settings.c, max_iter=3000, random_state=self.settings.random_state)
        self.intents.fit(features[~is_emergency], labels_array[~is_emergency])
        self._intent_weights = None
        self.emergency = None
        if is_emergency.any():
            self._fit_emergency(texts, is_emergency, features)
        return self

    def _fit_emergency(self, texts: Sequence[str], is_emergency: np.ndarray, features: sparse.csr_matrix) -> None:
        # The head reads single clauses at prediction time, so it also learns from the clauses of
        # ordinary messages ("he has been in agony", "travels down my left leg") as negatives;
        # without them it took any short fragment about back pain for an emergency report.
        fragments = sorted({
            text[start:end] for text, emergency in zip(texts, is_emergency, strict=True) if not emergency
            for start, end in clauses(text) if end - start < len(text)
        })
        fragment_features = self._features(fragments, self.encode(fragments)) if fragments else None
        rows = sparse.vstack([features, fragment_features]) if fragment_features is not None else features
        targets = np.concatenate([is_emergency, np.zeros(len(fragments), dtype=bool)])
        # liblinear: a binary problem on sparse rows, where lbfgs took minutes to converge
        self.emergency = LogisticRegression(C=self.settings.c, solver="liblinear", max_iter=1000,
                                            class_weight="balanced", random_state=self.settings.random_state)
        self.emergency.fit(rows, targets)

    def _features(self, texts: Sequence[str], embeddings: np.ndarray) -> sparse.csr_matrix:
        return sparse.hstack([
            self.words.transform(texts),
            self.chars.transform(texts),
            sparse.csr_matrix(embeddings * self.settings.embedding_weight),
        ]).tocsr()

    # ---- use ----------------------------------------------------------------------------------------
    def predict(self, text: str) -> Prediction:
        if self.intents is None:
            raise RuntimeError("IntentModel.predict before fit")
        question_spans = question_clauses(text)
        clause_spans = clauses(text) if self.emergency is not None else []
        # one encoder call for the whole message and its parts, each distinct text once: a short
        # message is its own question clause and its own clause
        parts = [text] + with_topic(text, question_spans) + [text[s:e] for s, e in clause_spans]
        distinct = list(dict.fromkeys(parts))
        row_of = {part: row for row, part in enumerate(distinct)}
        features = self._features(distinct, self.encode(distinct))[[row_of[part] for part in parts]]
        probabilities = self.intent_probabilities(features)
        classes = list(self.intents.classes_)
        order = np.argsort(-probabilities[0])
        prediction = Prediction(ranking=[(classes[i], float(probabilities[0][i])) for i in order])

        questions = self._questions(question_spans, probabilities[1:1 + len(question_spans)], classes)
        top_intent, top_confidence = prediction.ranking[0]
        form_requests = [q for q in questions if q[0] in FORM_STARTING_INTENTS]
        if not form_requests and len(text.split()) <= self.settings.stated_request_max_words:
            form_requests = self._stated_form_request(clause_spans, probabilities[1 + len(question_spans):], classes)
        asked = [q for q in questions if q[0] not in FORM_STARTING_INTENTS]
        beside = [q for q in asked if is_question(q[0])][:self.settings.max_questions - 1]
        mixed_topics = top_intent.startswith("ask_") or top_confidence < 0.5
        if beside and form_requests and (mixed_topics or top_intent in FORM_STARTING_INTENTS):
            # "Could acupuncture help her, and how many sessions would she need?": the checklist (or
            # booking) asked for leads, and the questions beside it are answered before it starts
            self._list_questions(prediction, form_requests[:1] + beside)
        elif beside and top_intent in FORM_STARTING_INTENTS and top_confidence >= self.settings.question_threshold:
            # the request is not itself a question ("I'd like to book. How long is a session?")
            self._list_questions(prediction, [(top_intent, (0, len(text)), top_confidence)] + beside)
        elif len(asked) > 1 and mixed_topics:
            # several questions, unless the message as a whole is clearly something else (a greeting,
            # a goodbye, an emergency report)
            self._list_questions(prediction, asked)
        if self.emergency is not None:
            self._assess_emergency(text, clause_spans, features, prediction, len(question_spans))
        return prediction

    def intent_probabilities(self, features: sparse.csr_matrix) -> np.ndarray:
        """What `self.intents.predict_proba` gives (multinomial: a softmax of the linear scores).

        scikit-learn multiplies the sparse rows by `coef_.T`, a transposed view that scipy copies
        into a new array on every call (40 intents x 66,000 features: about 20 MB, 24 ms per
        message, the largest single cost of the Rasa server under load). Here the transposed
        weights are made contiguous once.
        """
        if len(self.intents.classes_) == 2:  # one logistic score, not a softmax (small test sets)
            return self.intents.predict_proba(features)
        # getattr: a model stored before this attribute existed has none
        if getattr(self, "_intent_weights", None) is None:
            self._intent_weights = np.ascontiguousarray(self.intents.coef_.T)
        scores = np.asarray(features @ self._intent_weights) + self.intents.intercept_
        scores -= scores.max(axis=1, keepdims=True)
        exponentials = np.exp(scores)
        return exponentials / exponentials.sum(axis=1, keepdims=True)

    @staticmethod
    def _list_questions(prediction: Prediction, questions: List[Tuple[str, Span, float]]) -> None:
        prediction.questions = [(intent, span) for intent, span, _ in questions]
        prediction.questions_confidence = min(confidence for _, _, confidence in questions)

    def _sure_clauses(self, spans: List[Span], probabilities: np.ndarray,
                      classes: List[str]) -> Iterator[Tuple[str, Span, float]]:
        """Each clause's most likely intent, where it is at least `question_threshold` sure."""
        for span, row in zip(spans, probabilities, strict=True):
            best = int(np.argmax(row))
            if row[best] >= self.settings.question_threshold:
                yield classes[best], span, float(row[best])

    def _stated_form_request(self, spans: List[Span], probabilities: np.ndarray,
                             classes: List[str]) -> List[Tuple[str, Span, float]]:
        """A request for the checklist or a booking said as a statement ("I'd like to book. How long is
        a session?"): the first clause sure enough of one, as a question clause would be."""
        requests = (clause for clause in self._sure_clauses(spans, probabilities, classes)
                    if clause[0] in FORM_STARTING_INTENTS)
        return list(islice(requests, 1))

    def _questions(self, spans: List[Span], probabilities: np.ndarray,
                   classes: List[str]) -> List[Tuple[str, Span, float]]:
        found: List[Tuple[str, Span, float]] = []
        for intent, span, confidence in self._sure_clauses(spans, probabilities, classes):
            if (intent.startswith("ask_") or intent in FORM_STARTING_INTENTS) \
                    and intent not in {q for q, _, _ in found}:
                found.append((intent, span, confidence))
        return found[:self.settings.max_questions]

    def _assess_emergency(self, text: str, clause_spans: List[Span], features: sparse.csr_matrix,
                          prediction: Prediction, question_count: int) -> None:
        emergency_column = list(self.emergency.classes_).index(True)
        scores = self.emergency.predict_proba(features)[:, emergency_column]
        whole = float(scores[0])
        clause_scores = scores[1 + question_count:]
        live = [(float(score), span) for score, span in zip(clause_scores, clause_spans, strict=True)
                if not negated_or_hypothetical(text[span[0]:span[1]])]
        # The whole message counts only when no clause of it is negated or hypothetical: the
        # clause scores then decide ("no numbness down there, just the usual sciatica").
        whole_counts = len(live) == len(clause_spans) and not one_sided_feeling_only(text)
        live = [(score, span) for score, span in live if not one_sided_feeling_only(text[span[0]:span[1]])]
        best_score, best_span = max(live, default=(0.0, None))
        if whole_counts and whole > best_score:
            best_score, best_span = whole, (0, len(text))
        prediction.emergency_probability = best_score
        if best_score >= self.settings.emergency_threshold:
            prediction.emergency_span = best_span


def training_pairs(nlu_blocks: Sequence[Dict[str, object]]) -> Tuple[List[str], List[str]]:
    """(texts, intents) from parsed Rasa NLU YAML blocks ({'intent': ..., 'examples': '- a\\n- b'})."""
    texts, labels = [], []
    for block in nlu_blocks:
        intent = block.get("intent")
        if not intent:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                texts.append(line[2:].strip())
                labels.append(str(intent))
    return texts, labels
