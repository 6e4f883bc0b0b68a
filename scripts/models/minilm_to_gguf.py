"""
Converts the sentence-transformers all-MiniLM-L6-v2 folder (model.safetensors, tokenizer.json,
config.json, 1_Pooling/config.json) to a GGUF that llama.cpp runs as an embedding model: BERT, mean
pooling, non-causal attention, F16 matrices and F32 vectors. llama.cpp's own convert_hf_to_gguf.py
needs torch, which this offline machine cannot install; this needs only the `gguf`, `safetensors`
and `numpy` packages (pinned by scripts/models/fetch.ts in a virtual environment under .cache).

Usage: python minilm_to_gguf.py <model folder> <output.gguf>
"""

import json
import sys
from pathlib import Path

import gguf
import numpy as np
from safetensors.numpy import load_file

SPECIAL_TOKENS = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}


def phantom_space(token: str) -> str:
    """WordPiece to llama.cpp's form: a word's start gets U+2581, a continuation loses its ##."""
    if token in SPECIAL_TOKENS or (token.startswith("[") and token.endswith("]")):
        return token
    if token.startswith("##"):
        return token[2:]
    return "\u2581" + token


def main(folder: Path, output: Path) -> None:
    config = json.loads((folder / "config.json").read_text())
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    if not pooling.get("pooling_mode_mean_tokens"):
        raise SystemExit("minilm_to_gguf: only mean pooling is supported")
    tokenizer = json.loads((folder / "tokenizer.json").read_text())
    vocab: dict[str, int] = tokenizer["model"]["vocab"]
    tokens = [token for token, _ in sorted(vocab.items(), key=lambda item: item[1])]
    if [vocab[token] for token in tokens] != list(range(len(tokens))):
        raise SystemExit("minilm_to_gguf: the vocabulary's ids are not 0..n-1")

    block_count = config["num_hidden_layers"]
    writer = gguf.GGUFWriter(str(output), "bert")
    writer.add_name("all-MiniLM-L6-v2")
    # The licence of the published weights (their model card), shown in the model catalog.
    writer.add_license("apache-2.0")
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_block_count(block_count)
    writer.add_head_count(config["num_attention_heads"])
    writer.add_layer_norm_eps(config["layer_norm_eps"])
    writer.add_causal_attention(False)
    writer.add_pooling_type(gguf.PoolingType.MEAN)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)

    writer.add_tokenizer_model("bert")
    writer.add_tokenizer_pre("bert-bge")
    writer.add_token_list([phantom_space(token) for token in tokens])
    # BERT's segment embeddings (token_type_embeddings): llama.cpp refuses a BERT without their count.
    writer.add_token_type_count(config["type_vocab_size"])
    writer.add_token_types(
        [gguf.TokenType.CONTROL if token in SPECIAL_TOKENS else gguf.TokenType.NORMAL for token in tokens]
    )
    # [CLS] text [SEP], as the model was trained: llama.cpp adds them as BOS and EOS.
    writer.add_bos_token_id(vocab["[CLS]"])
    writer.add_eos_token_id(vocab["[SEP]"])
    writer.add_unk_token_id(vocab["[UNK]"])
    writer.add_pad_token_id(vocab["[PAD]"])
    writer.add_sep_token_id(vocab["[SEP]"])
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(True)

    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, block_count)
    for name, data in sorted(load_file(str(folder / "model.safetensors")).items()):
        # Not used by llama.cpp's BERT graph: position ids are implicit, the pooler is not mean pooling.
        if name.endswith("position_ids") or name.startswith("pooler."):
            continue
        mapped = names.get_name(name, try_suffixes=(".weight", ".bias"))
        if mapped is None:
            raise SystemExit(f"minilm_to_gguf: no GGUF name for tensor {name}")
        # Matrices in F16; vectors, and the embeddings llama.cpp adds to F32 activations, in F32.
        added_to_activations = mapped.startswith(("token_types", "position_embd"))
        array = data.astype(np.float16) if data.ndim == 2 and not added_to_activations else data.astype(np.float32)
        writer.add_tensor(mapped, array)

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: minilm_to_gguf.py <model folder> <output.gguf>")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
