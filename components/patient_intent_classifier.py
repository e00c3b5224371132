"""Rasa glue for clinic/intent_model.py: the intent, the questions asked, and the learned emergency net.

For each message it sets
- the intent and its ranking (a logistic regression over the pretrained sentence embedding and
  word/character n-grams);
- one `question_intent` entity per question when a message asks several ("what is a session
  like, does it hurt, and how many will I need?"), in order, for action_answer_question;
- `learned_emergency` (not in the output) when a clause reads as a first-person emergency
  account; EmergencySignDetector, last in the pipeline, turns it into the emergency intent, so
  it holds whatever the FallbackClassifier made of the message.
"""
from __future__ import annotations

from typing import Any, Dict, List

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.encoder import DEFAULT_MODEL_DIR, limit_serving_threads, shared_encoder
from clinic.intent_model import IntentModel, Settings

MODEL_FILE = "intent_model.joblib"
LEARNED_EMERGENCY = "learned_emergency"
RANKING_LENGTH = 10


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class PatientIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        defaults = Settings()
        return {
            # folder of the pretrained encoder's weights (`make install` puts them there)
            "encoder": str(DEFAULT_MODEL_DIR),
            # weight of the sentence embedding next to the word and character n-grams (0 = n-grams only)
            "embedding_weight": defaults.embedding_weight,
            # inverse regularisation strength of both logistic regressions
            "c": defaults.c,
            # probability from which a clause counts as a reported emergency
            "emergency_threshold": defaults.emergency_threshold,
            # examples of this intent train the emergency net, not the intent classifier
            "emergency_intent": "report_emergency",
            # a clause of a several-question message is answered apart from this confidence
            "question_threshold": defaults.question_threshold,
            # at most this many questions of one message are answered
            "max_questions": defaults.max_questions,
            # entity that carries each question's intent to the actions
            "question_entity": "question_intent",
        }

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        for key in ("emergency_threshold", "question_threshold"):
            if not 0.0 < float(config[key]) < 1.0:
                raise ValueError(f"PatientIntentClassifier: '{key}' must be between 0 and 1")
        if float(config["c"]) <= 0 or float(config["embedding_weight"]) < 0:
            raise ValueError("PatientIntentClassifier: 'c' must be > 0 and 'embedding_weight' >= 0")
        if int(config["max_questions"]) < 1:
            raise ValueError("PatientIntentClassifier: 'max_questions' must be at least 1")

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: IntentModel | None = None) -> None:
        self.validate_config(config)
        self.config = config
        self._model_storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> PatientIntentClassifier:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    def _settings(self) -> Settings:
        return Settings(
            embedding_weight=float(self.config["embedding_weight"]), c=float(self.config["c"]),
            emergency_threshold=float(self.config["emergency_threshold"]),
            question_threshold=float(self.config["question_threshold"]),
            max_questions=int(self.config["max_questions"]),
        )

    def _encode(self):  # noqa: ANN202 - the encoder's bound method
        return shared_encoder(self.config["encoder"]).encode

    def train(self, training_data: TrainingData) -> Resource:
        examples = [example for example in training_data.intent_examples if example.get(TEXT)]
        texts = [example.get(TEXT) for example in examples]
        labels = [example.get(INTENT) for example in examples]
        self.model = IntentModel(self._encode(), self._settings()).fit(texts, labels, self.config["emergency_intent"])
        with self._model_storage.write_to(self._resource) as directory:
            # the encoder is not pickled: it is loaded from its folder by whoever loads the model
            encode, self.model.encode = self.model.encode, None
            joblib.dump(self.model, directory / MODEL_FILE)
            self.model.encode = encode
        return self._resource

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> PatientIntentClassifier:
        component = cls({**cls.get_default_config(), **config}, model_storage, resource)
        with model_storage.read_from(resource) as directory:
            component.model = joblib.load(directory / MODEL_FILE)
        component.model.encode = component._encode()
        limit_serving_threads()
        return component

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and text.startswith("/"):
                # A button payload names its intent (Rasa's RegexMessageHandler, last in the graph, reads
                # it and its entities); set it here too, since the FallbackClassifier needs an intent.
                message.set(INTENT, {"name": text[1:].split("{")[0].split("@")[0], "confidence": 1.0},
                            add_to_output=True)
                continue
            if self.model is None or not text:
                continue
            self._classify(message, text)
        return messages

    def _classify(self, message: Message, text: str) -> None:
        prediction = self.model.predict(text)
        ranking = [{"name": name, "confidence": confidence} for name, confidence in prediction.ranking[:RANKING_LENGTH]]
        intent = ranking[0]
        entities = list(message.get(ENTITIES, []))
        if prediction.questions:
            # Answered in the order asked; the first is the message's intent, so the rules that answer
            # a question (also inside a form) fire as for one question. Its confidence is that of the
            # questions themselves (the whole message, a mix of topics, is often unsure), and the other
            # intents share what is left, so the FallbackClassifier does not drop three clear questions.
            first = prediction.questions[0][0]
            asked = {name for name, _ in prediction.questions}
            intent = {"name": first, "confidence": prediction.questions_confidence}
            rest = [entry for entry in ranking if entry["name"] not in asked]
            mass = sum(entry["confidence"] for entry in rest) or 1.0
            ranking = [intent] + [{"name": entry["name"],
                                   "confidence": entry["confidence"] / mass * (1.0 - intent["confidence"])}
                                  for entry in rest]
            entities += [
                {"entity": self.config["question_entity"], "value": name, "start": start, "end": end,
                 "confidence_entity": 1.0, "extractor": self.__class__.__name__}
                for name, (start, end) in prediction.questions
            ]
            message.set(ENTITIES, entities, add_to_output=True)
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        if prediction.emergency_span is not None:
            start, end = prediction.emergency_span
            mark = {"probability": prediction.emergency_probability, "start": start, "end": end}
            message.set(LEARNED_EMERGENCY, mark)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
