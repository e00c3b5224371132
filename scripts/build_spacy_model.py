"""Build the blank English spaCy pipeline that config.yml points at.

spaCy's pretrained models are not on PyPI and nothing may be downloaded at run time, so
`make install` builds a blank English pipeline with the lookup lemmatizer, whose tables
come from the spacy-lookups-data package.
"""
import sys
from pathlib import Path

import spacy

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / ".spacy" / "en_blank_lookup"


def build(output: Path = DEFAULT_OUTPUT) -> Path:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = "blank_lookup"
    nlp.meta["description"] = "Blank English tokenizer with the lookup lemmatizer (no model download)."
    output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return output


if __name__ == "__main__":
    path = build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"spaCy pipeline written to {path}")
