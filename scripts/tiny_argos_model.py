"""The tiny torch transformer behind scripts/build_tiny_argos.py, laid out like CTranslate2's Transformer.

Pre-norm layers, a stored sinusoidal position table, embeddings scaled by sqrt(d_model), one
embedding matrix shared by encoder, decoder and output projection (plus an output bias), fused
qkv / q + kv attention projections: each torch tensor maps onto one ``TransformerSpec`` variable,
so :func:`to_ctranslate2` is a plain copy.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import torch
from ctranslate2.specs import TransformerSpec
from torch import Tensor, nn
from torch.nn import functional as F  # noqa: N812

LN_EPS = 1e-6


def sinusoid_table(positions: int, d_model: int) -> Tensor:
    """Position encodings; stored in the model, so any formula works as long as both sides use it."""
    half = d_model // 2
    inv = torch.exp(torch.arange(half, dtype=torch.float32) * -(math.log(10000.0) / (half - 1)))
    angles = torch.arange(positions, dtype=torch.float32)[:, None] * inv[None, :]
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)


class Attention(nn.Module):
    """Multi-head attention with CTranslate2's linear layout (fused qkv / q + fused kv, then out)."""

    def __init__(self, d_model: int, heads: int, self_attention: bool) -> None:
        super().__init__()
        self.heads = heads
        self.self_attention = self_attention
        if self_attention:
            self.qkv = nn.Linear(d_model, 3 * d_model)
        else:
            self.q = nn.Linear(d_model, d_model)
            self.kv = nn.Linear(d_model, 2 * d_model)
        self.out = nn.Linear(d_model, d_model)

    def forward(self, x: Tensor, memory: Tensor | None, mask: Tensor | None, dropout: float) -> Tensor:
        if self.self_attention:
            q, k, v = self.qkv(x).chunk(3, dim=-1)
        else:
            assert memory is not None
            q = self.q(x)
            k, v = self.kv(memory).chunk(2, dim=-1)
        b = x.shape[0]
        q, k, v = (t.view(b, -1, self.heads, t.shape[-1] // self.heads).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=dropout)
        return self.out(y.transpose(1, 2).reshape(b, -1, q.shape[1] * q.shape[3]))


class FeedForward(nn.Module):
    def __init__(self, d_model: int, ffn: int) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(d_model, eps=LN_EPS)
        self.w1 = nn.Linear(d_model, ffn)
        self.w2 = nn.Linear(ffn, d_model)

    def forward(self, x: Tensor, dropout: float) -> Tensor:
        return x + F.dropout(self.w2(F.relu(self.w1(self.norm(x)))), dropout, self.training)


class Block(nn.Module):
    """A pre-norm encoder layer, or a decoder layer when ``cross`` is set."""

    def __init__(self, d_model: int, heads: int, ffn: int, cross: bool) -> None:
        super().__init__()
        self.self_norm = nn.LayerNorm(d_model, eps=LN_EPS)
        self.self_attn = Attention(d_model, heads, self_attention=True)
        self.cross_norm = nn.LayerNorm(d_model, eps=LN_EPS) if cross else None
        self.cross_attn = Attention(d_model, heads, self_attention=False) if cross else None
        self.ffn = FeedForward(d_model, ffn)

    def forward(
        self, x: Tensor, self_mask: Tensor, memory: Tensor | None, memory_mask: Tensor | None, dropout: float
    ) -> Tensor:
        p = dropout if self.training else 0.0
        x = x + F.dropout(self.self_attn(self.self_norm(x), None, self_mask, p), p, self.training)
        if self.cross_attn is not None and self.cross_norm is not None:
            x = x + F.dropout(self.cross_attn(self.cross_norm(x), memory, memory_mask, p), p, self.training)
        return self.ffn(x, p)


class TinyTransformer(nn.Module):
    def __init__(
        self, vocab: int, d_model: int, heads: int, ffn: int, layers: int, positions: int, dropout: float
    ) -> None:
        super().__init__()
        self.d_model, self.dropout = d_model, dropout
        self.embedding = nn.Embedding(vocab, d_model)
        nn.init.normal_(self.embedding.weight, std=d_model**-0.5)
        self.register_buffer("positions", sinusoid_table(positions, d_model))
        self.encoder = nn.ModuleList(Block(d_model, heads, ffn, cross=False) for _ in range(layers))
        self.encoder_norm = nn.LayerNorm(d_model, eps=LN_EPS)
        self.decoder = nn.ModuleList(Block(d_model, heads, ffn, cross=True) for _ in range(layers))
        self.decoder_norm = nn.LayerNorm(d_model, eps=LN_EPS)
        self.projection_bias = nn.Parameter(torch.zeros(vocab))

    def embed(self, ids: Tensor) -> Tensor:
        x = self.embedding(ids) * math.sqrt(self.d_model) + self.positions[: ids.shape[1]]
        return F.dropout(x, self.dropout, self.training)

    def encode(self, src: Tensor) -> tuple[Tensor, Tensor]:
        mask = (src != 0)[:, None, None, :]
        x = self.embed(src)
        for layer in self.encoder:
            x = layer(x, mask, None, None, self.dropout)
        return self.encoder_norm(x), mask

    def decode(self, tgt: Tensor, memory: Tensor, memory_mask: Tensor) -> Tensor:
        causal = torch.ones(tgt.shape[1], tgt.shape[1], dtype=torch.bool).tril()
        x = self.embed(tgt)
        for layer in self.decoder:
            x = layer(x, causal, memory, memory_mask, self.dropout)
        return self.decoder_norm(x) @ self.embedding.weight.T + self.projection_bias

    def forward(self, src: Tensor, tgt_in: Tensor) -> Tensor:
        memory, mask = self.encode(src)
        return self.decode(tgt_in, memory, mask)


def numpy_of(t: Tensor) -> np.ndarray:
    return t.detach().cpu().numpy().astype(np.float32).copy()


def set_linear(spec: object, layer: nn.Linear) -> None:
    spec.weight = numpy_of(layer.weight)  # type: ignore[attr-defined]
    spec.bias = numpy_of(layer.bias)  # type: ignore[attr-defined]


def set_norm(spec: object, norm: nn.LayerNorm) -> None:
    spec.gamma = numpy_of(norm.weight)  # type: ignore[attr-defined]
    spec.beta = numpy_of(norm.bias)  # type: ignore[attr-defined]


def to_ctranslate2(model: TinyTransformer, vocab: list[str], heads: int, layers: int, out_dir: Path) -> None:
    spec = TransformerSpec.from_config((layers, layers), heads)
    spec.config.layer_norm_epsilon = LN_EPS
    emb, positions = numpy_of(model.embedding.weight), numpy_of(model.positions)
    for side, blocks, norm in (
        ("encoder", model.encoder, model.encoder_norm),
        ("decoder", model.decoder, model.decoder_norm),
    ):
        part = getattr(spec, side)
        if side == "encoder":
            part.embeddings[0].weight = emb
        else:
            part.embeddings.weight = emb
            part.projection.weight = emb
            part.projection.bias = numpy_of(model.projection_bias)
        part.position_encodings.encodings = positions
        set_norm(part.layer_norm, norm)
        for layer_spec, block in zip(part.layer, blocks, strict=True):
            set_norm(layer_spec.self_attention.layer_norm, block.self_norm)
            set_linear(layer_spec.self_attention.linear[0], block.self_attn.qkv)
            set_linear(layer_spec.self_attention.linear[1], block.self_attn.out)
            if block.cross_attn is not None and block.cross_norm is not None:
                set_norm(layer_spec.attention.layer_norm, block.cross_norm)
                set_linear(layer_spec.attention.linear[0], block.cross_attn.q)
                set_linear(layer_spec.attention.linear[1], block.cross_attn.kv)
                set_linear(layer_spec.attention.linear[2], block.cross_attn.out)
            set_norm(layer_spec.ffn.layer_norm, block.ffn.norm)
            set_linear(layer_spec.ffn.linear_0, block.ffn.w1)
            set_linear(layer_spec.ffn.linear_1, block.ffn.w2)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize()
    spec.save(str(out_dir))


@torch.no_grad()
def torch_greedy(model: TinyTransformer, src: list[int], bos: int, eos: int, max_len: int) -> list[int]:
    model.eval()
    memory, mask = model.encode(torch.tensor([src]))
    out = [bos]
    for _ in range(max_len):
        token = int(model.decode(torch.tensor([out]), memory, mask)[0, -1].argmax())
        if token == eos:
            break
        out.append(token)
    return out[1:]
