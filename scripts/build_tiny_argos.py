"""Build a tiny but genuine Argos Translate package (.argosmodel) from parallel phrase pairs.

For tests only: a few hundred phrase pairs, a SentencePiece unigram model and a 2+2-layer
transformer trained for a few minutes on CPU. The result loads and runs through argostranslate's
normal code (``package.install_from_path`` + ``translate``) and through our batched path.

Steps (tests/fixtures/argos/README.md describes them too):

1. SentencePiece unigram on both sides of the pairs (small vocabulary, ``split_digits``).
2. A torch transformer laid out exactly like CTranslate2's ``TransformerSpec``: pre-norm,
   sinusoidal position table, embeddings scaled by sqrt(d), one vocabulary shared by source,
   target and output projection.
3. Its weights are copied into ``TransformerSpec.from_config((2, 2), 4)``, validated, saved.
4. Torch greedy decoding and CTranslate2 greedy decoding (float32) must agree on the training
   sources; the build fails otherwise.
5. ``<from>_<to>/{metadata.json, README.md, sentencepiece.model, model/}`` zipped with fixed
   timestamps as ``translate-<from>_<to>-<version>.argosmodel``.

Seeded and single-threaded where it matters, so a rebuild gives the same package:

    .venv/bin/python scripts/build_tiny_argos.py en ar scripts/tiny_argos_data/en_ar.tsv \\
        --out tests/fixtures/argos --steps 1500
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import math
import random
import tempfile
import time
import zipfile
from pathlib import Path

import ctranslate2
import numpy as np
import sentencepiece as spm
import torch
from tiny_argos_model import TinyTransformer, to_ctranslate2, torch_greedy
from torch import Tensor, nn
from torch.nn import functional as F  # noqa: N812

log = logging.getLogger("build_tiny_argos")

LANGUAGE_NAMES = {"en": "English", "de": "German", "ar": "Arabic", "uk": "Ukrainian", "fa": "Persian"}
PAD, BOS, EOS = "<blank>", "<s>", "</s>"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


# ---- data -------------------------------------------------------------------------------------


def read_pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            source, target = line.split("\t")
            pairs.append((source.strip(), target.strip()))
    return pairs


def train_sentencepiece(pairs: list[tuple[str, str]], vocab_size: int) -> bytes:
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([side for pair in pairs for side in pair]),
        model_writer=model,
        model_type="unigram",
        vocab_size=vocab_size,
        split_digits=True,
        character_coverage=1.0,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
    )
    return model.getvalue()


def padded(rows: list[list[int]]) -> Tensor:
    out = torch.zeros(len(rows), max(len(r) for r in rows), dtype=torch.long)
    for i, row in enumerate(rows):
        out[i, : len(row)] = torch.tensor(row)
    return out


# ---- training, export, checks ------------------------------------------------------------------


def train(
    model: TinyTransformer,
    data: list[tuple[list[int], list[int]]],
    steps: int,
    batch: int,
    lr: float,
    rng: random.Random,
    bos: int,
    eos: int,
) -> None:
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.98), weight_decay=0.01)
    warmup = max(1, steps // 15)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda s: min(
            (s + 1) / warmup,
            0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, (s - warmup) / max(1, steps - warmup)))),
        ),
    )
    model.train()
    started = time.monotonic()
    for step in range(1, steps + 1):
        chosen = [data[rng.randrange(len(data))] for _ in range(batch)]
        src = padded([s for s, _ in chosen])
        tgt_in = padded([[bos, *t] for _, t in chosen])
        tgt_out = padded([[*t, eos] for _, t in chosen])
        logits = model(src, tgt_in)
        loss = F.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1), ignore_index=0, label_smoothing=0.1
        )
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        if step % 100 == 0 or step == steps:
            log.info("step %d/%d loss %.3f (%.0f s)", step, steps, loss.item(), time.monotonic() - started)


def check_agreement(
    model: TinyTransformer,
    model_dir: Path,
    sp: spm.SentencePieceProcessor,
    vocab: list[str],
    sources: list[str],
) -> float:
    """Share of sources where torch and CTranslate2 (float32) produce the same greedy tokens."""
    index = {tok: i for i, tok in enumerate(vocab)}
    translator = ctranslate2.Translator(str(model_dir), device="cpu", compute_type="float32")
    pieces = [sp.encode(s, out_type=str) for s in sources]
    results = translator.translate_batch(pieces, beam_size=1, max_decoding_length=120)
    same = 0
    for src, result in zip(pieces, results, strict=True):
        ids = [index.get(p, index["<unk>"]) for p in src]
        expected = [vocab[i] for i in torch_greedy(model, ids, index[BOS], index[EOS], 120)]
        same += expected == result.hypotheses[0]
    return same / len(sources)


def exact_match(model_dir: Path, sp: spm.SentencePieceProcessor, pairs: list[tuple[str, str]]) -> float:
    """Share of training pairs reproduced exactly with argostranslate 1.11's decoding settings."""
    translator = ctranslate2.Translator(str(model_dir), device="cpu")
    results = translator.translate_batch(
        [sp.encode(s, out_type=str) for s, _ in pairs],
        beam_size=4,
        replace_unknowns=True,
        length_penalty=0.2,
        max_batch_size=64,
    )
    outputs = [sp.decode_pieces(r.hypotheses[0]) for r in results]
    for (source, _), output in list(zip(pairs, outputs, strict=True))[:8]:
        log.info("  %s -> %s", source, output)
    return sum(o == t for o, (_, t) in zip(outputs, pairs, strict=True)) / len(pairs)


def write_package(package_dir: Path, out_file: Path) -> None:
    with zipfile.ZipFile(out_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(package_dir.parent.rglob("*")):
            name = path.relative_to(package_dir.parent).as_posix()
            info = zipfile.ZipInfo(name + ("/" if path.is_dir() else ""), date_time=ZIP_DATE)
            info.external_attr = (0o40755 if path.is_dir() else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, b"" if path.is_dir() else path.read_bytes())


def build(args: argparse.Namespace) -> Path:
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    pairs = read_pairs(args.data)
    log.info("%d pairs from %s", len(pairs), args.data)
    sp_model = train_sentencepiece(pairs, args.vocab_size)
    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    vocab = [PAD] + [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    index = {tok: i for i, tok in enumerate(vocab)}
    log.info("vocabulary: %d tokens", len(vocab))
    data = [
        ([index[p] for p in sp.encode(s, out_type=str)], [index[p] for p in sp.encode(t, out_type=str)])
        for s, t in pairs
    ]
    model = TinyTransformer(len(vocab), args.d_model, args.heads, args.ffn, args.layers, args.positions, args.dropout)
    train(model, data, args.steps, args.batch, args.lr, random.Random(args.seed), index[BOS], index[EOS])

    code = f"{args.source}_{args.target}"
    with tempfile.TemporaryDirectory() as tmp:
        package_dir = Path(tmp) / code
        (package_dir / "model").mkdir(parents=True)
        to_ctranslate2(model, vocab, args.heads, args.layers, package_dir / "model")
        (package_dir / "sentencepiece.model").write_bytes(sp_model)
        agreement = check_agreement(model, package_dir / "model", sp, vocab, [s for s, _ in pairs[:200]])
        log.info("torch vs CTranslate2 greedy agreement: %.1f%%", 100 * agreement)
        if agreement < 0.95:
            raise SystemExit(f"torch and CTranslate2 disagree on {100 * (1 - agreement):.1f}% of sources")
        log.info(
            "exact matches on training pairs (beam 4): %.1f%%",
            100 * exact_match(package_dir / "model", sp, pairs),
        )
        names = (LANGUAGE_NAMES.get(args.source, args.source), LANGUAGE_NAMES.get(args.target, args.target))
        metadata = {
            "package_version": args.version,
            "argos_version": "1.11",
            "from_code": args.source,
            "from_name": names[0],
            "to_code": args.target,
            "to_name": names[1],
            "type": "translate",
        }
        (package_dir / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n")
        (package_dir / "README.md").write_text(
            f"# Tiny {names[0]}-{names[1]} test package\n\nSynthetic, built offline for tests only by "
            f"scripts/build_tiny_argos.py from {args.data.name} ({len(pairs)} pairs, {args.steps} steps, "
            f"seed {args.seed}). Not a real translation model.\n"
        )
        args.out.mkdir(parents=True, exist_ok=True)
        out_file = args.out / f"translate-{code}-{args.version.replace('.', '_')}.argosmodel"
        write_package(package_dir, out_file)
    log.info("wrote %s (%.2f MB)", out_file, out_file.stat().st_size / 1e6)
    return out_file


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="Argos code of the source language, e.g. en")
    parser.add_argument("target", help="Argos code of the target language, e.g. ar")
    parser.add_argument("data", type=Path, help="TSV file: source<TAB>target per line")
    parser.add_argument("--out", type=Path, default=Path("tests/fixtures/argos"))
    parser.add_argument("--version", default="0.1")
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--vocab-size", type=int, default=400)
    parser.add_argument("--d-model", type=int, default=128)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--ffn", type=int, default=256)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument(
        "--positions",
        type=int,
        default=320,
        help="rows of the position table: the longest input and output in tokens",
    )
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--threads", type=int, default=2)
    return parser.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    build(parse_args())
