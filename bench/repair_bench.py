"""Text-repair benchmark: ours (`core.textrepair`) against ftfy, on damage made from the corpus.

Run from the project root (needs ../shared/corpus and `pip install -r bench/requirements.txt`):

    .venv/bin/python bench/repair_bench.py [--sample 200] [--seed 20240501]

Paragraphs come from every page under ../shared/corpus/pages (decoded with
`core.decode.decode_html`, text of <p>/<h1-3>/<li>/<td> via lxml). Each damage kind is applied to
a deterministic sample: pinyin glued after traditional characters, GBK read as Latin-1/cp1252,
UTF-8 read as GBK, one byte lost at a random position of the gb18030 bytes (simplified,
traditional, and traditional NFKC'd after the misreading as in the seed). Per kind it prints the
share of damage undone (edit distance to the original), exact recoveries, and for untouched text
the paragraphs changed, for ours and for ftfy; then the throughput of ours, measured before the
quality runs so that no text is repaired twice.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from lxml import html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.decode import decode_html  # noqa: E402
from core.textrepair import repair_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
KNOWN_DAMAGED = ("trad_pinyin_spam/",)  # pages that carry real damage (not "clean")


def corpus_paragraphs() -> list[tuple[str, str]]:
    """(page, paragraph) for every text paragraph of every corpus page."""
    found: list[tuple[str, str]] = []
    for path in sorted(CORPUS.glob("**/*.html")):
        text = decode_html(path.read_bytes()).text
        try:
            tree = html.fromstring(text)
        except (ValueError, TypeError):
            continue
        page = str(path.relative_to(CORPUS))
        for element in tree.iter("p", "h1", "h2", "h3", "li", "td"):
            paragraph = element.text_content().strip()
            if paragraph:
                found.append((page, paragraph))
    return found


def edit_distance(a: str, b: str) -> int:
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _traditional() -> Callable[[str], str]:
    import opencc

    converter = opencc.OpenCC("s2t")
    return converter.convert


def glue_pinyin(text: str, rng: random.Random) -> str:
    from pypinyin import Style, pinyin

    out = []
    for ch, reading in zip(text, pinyin(text, style=Style.TONE, errors=lambda s: list(s)), strict=False):
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.3:
            out.append(f"({reading[0]})")
    return "".join(out)


def as_cp1252(text: str) -> str:
    out = []
    for byte in text.encode("gb18030"):
        try:
            out.append(bytes((byte,)).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def lose_byte(text: str, rng: random.Random) -> str:
    raw = text.encode("gb18030")
    positions = [i for i, b in enumerate(raw) if b >= 0x80]
    index = rng.choice(positions)
    return (raw[:index] + raw[index + 1 :]).decode("gb18030", "replace")


def build_cases(paragraphs: list[str], sample: int, seed: int) -> dict[str, list[tuple[str, str]]]:
    rng = random.Random(seed)
    to_traditional = _traditional()
    chosen = rng.sample(paragraphs, min(sample, len(paragraphs)))
    cases: dict[str, list[tuple[str, str]]] = {
        k: []
        for k in (
            "pinyin",
            "gbk_as_latin1",
            "utf8_as_gbk",
            "byte_loss_simplified",
            "byte_loss_traditional",
            "byte_loss_trad_nfkc",
        )
    }
    for text in chosen:
        traditional = to_traditional(text)
        cases["pinyin"].append((traditional, glue_pinyin(traditional, rng)))
        cases["gbk_as_latin1"].append(
            (text, as_cp1252(text) if rng.random() < 0.5 else text.encode("gb18030").decode("latin-1"))
        )
        cases["utf8_as_gbk"].append((text, text.encode("utf-8").decode("gb18030", "replace")))
        cases["byte_loss_simplified"].append((text, lose_byte(text, rng)))
        cases["byte_loss_traditional"].append((traditional, lose_byte(traditional, rng)))
        folded = unicodedata.normalize("NFKC", traditional)
        cases["byte_loss_trad_nfkc"].append((folded, unicodedata.normalize("NFKC", lose_byte(folded, rng))))
    return cases


def score(cases: list[tuple[str, str]], fix: Callable[[str], str]) -> tuple[float, float]:
    damage = undone = exact = 0
    for original, damaged in cases:
        before = edit_distance(damaged, original)
        after = edit_distance(fix(damaged), original)
        damage += before
        undone += before - after
        exact += after == 0
    return (undone / damage if damage else 1.0), exact / len(cases)


# Loads the model and builds the look-up tables before throughput is measured.
WARM_UP = ("中國共產(chǎn)黨»ù²ã鍩哄眰宸ヤ細", "裝配工位;鶎庸ぷ鞑康溺姾淬懜锌\ue18c溃骸皡⒓觿趧訉嵺`是一次", "高等?茖W校")


def measure(name: str, texts: list[str]) -> str:
    size = sum(len(t.encode("utf-8")) for t in texts)
    started, cpu_started = time.perf_counter(), time.process_time()
    for text in texts:
        repair_text(text)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    # CPU time as well: on a loaded machine the wall time says more about the others' load.
    return (f"throughput on {name} text: {size / elapsed / 1e6:.2f} MB/s ({size / 1e6:.2f} MB in {elapsed:.2f} s; "
            f"CPU {cpu:.2f} s, {size / max(cpu, 1e-9) / 1e6:.2f} MB/s)")


def _ftfy() -> Callable[[str], str] | None:
    """ftfy's fix_text, the anchor (None when it is not installed: ours is scored alone)."""
    try:
        import ftfy
    except ImportError:
        print("ftfy not installed (pip install -r bench/requirements.txt): scoring ours alone")
        return None
    return ftfy.fix_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--kinds", default="", help="score only the damage kinds starting with this (e.g. byte_loss)")
    parser.add_argument("--no-ftfy", action="store_true", help="skip the ftfy anchor (also when not installed)")
    args = parser.parse_args()

    anchor = None if args.no_ftfy else _ftfy()

    def ours(text: str) -> str:
        return repair_text(text).text

    every = corpus_paragraphs()
    usable = sorted(
        {
            p
            for page, p in every
            if not page.startswith(KNOWN_DAMAGED)
            and sum("\u4e00" <= c <= "\u9fff" for c in p) >= 20
            and len(p) <= 600
            and not any(c in p for c in "\ufffd")
        }
    )
    cases = build_cases(usable, args.sample, args.seed)
    clean_all = [p for page, p in every if not page.startswith(KNOWN_DAMAGED)]
    # Throughput first, on text ours has not seen yet (its caches hold only the warm-up).
    for text in WARM_UP:
        repair_text(text)
    throughput = [measure(name, texts) for name, texts in (
        ("clean", clean_all), ("damaged", [d for items in cases.values() for _, d in items]))]
    print(
        f"corpus: {len(every)} paragraphs on {len({pg for pg, _ in every})} pages; "
        f"{len(usable)} usable for damage; sample {args.sample}, seed {args.seed}"
    )
    print(
        f"{'kind':<24}{'n':>5}  {'ours undone':>11} {'ours exact':>10}  {'ftfy undone':>11} {'ftfy exact':>10}"
    )
    for kind, items in cases.items():
        if not kind.startswith(args.kinds):
            continue
        our_undone, our_exact = score(items, ours)
        theirs = f"{'-':>11} {'-':>10}"
        if anchor is not None:
            ftfy_undone, ftfy_exact = score(items, anchor)
            theirs = f"{ftfy_undone:>11.1%} {ftfy_exact:>10.1%}"
        print(f"{kind:<24}{len(items):>5}  {our_undone:>11.1%} {our_exact:>10.1%}  {theirs}")

    clean_sets = {
        "clean (sampled)": [o for items in cases.values() for o, _ in items[:0]]
        + [o for o, _ in cases["utf8_as_gbk"]],
        "clean (all corpus)": clean_all,
        "known-damaged page": [p for page, p in every if page.startswith(KNOWN_DAMAGED)],
    }
    print(f"{'untouched text':<24}{'n':>6}  {'ours changed':>12}  {'ftfy changed':>12}")
    for name, texts in clean_sets.items():
        ours_changed = sum(ours(t) != t for t in texts)
        ftfy_changed = "-" if anchor is None else sum(anchor(t) != t for t in texts)
        print(f"{name:<24}{len(texts):>6}  {ours_changed:>12}  {ftfy_changed:>12}")

    for line in throughput:
        print(line)


if __name__ == "__main__":
    main()
