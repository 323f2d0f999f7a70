"""Build the nomenclature embeddings shipped with ClearPost: `python -m clearpost.hs.build`.

Embeds every chapter, heading and subheading text of HS 2022 with MiniLM and writes
clearpost/hs/data/hs2022_minilm.npz (float16). Run it after changing the nomenclature, the text
each code is embedded from, or the model; a test fails when the file is out of step.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from clearpost.hs.embedding import load_minilm
from clearpost.hs.nomenclature import load_nomenclature
from clearpost.hs.suggest import EMBEDDINGS, nomenclature_texts


def main() -> None:
    codes, texts = nomenclature_texts(load_nomenclature())
    vectors = load_minilm().encode(texts)
    target = Path(__file__).with_name("data") / EMBEDDINGS
    np.savez_compressed(target, codes=np.array(codes), vectors=vectors.astype(np.float16))
    print(f"{target}: {len(codes)} codes")


if __name__ == "__main__":
    main()
