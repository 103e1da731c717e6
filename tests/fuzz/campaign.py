"""A long fuzzing campaign: the checks of test_pipeline_fuzz.py on many examples, logging every
failure (and continuing) instead of stopping at the first one.

    .venv/bin/python tests/fuzz/campaign.py core 20000 --seed 1 --out /tmp/fuzz/core1
    modes: core (validate, lint, every report format, due, csv, Markdown), html, pdf, sheets

Each failure is saved under OUT/failures/SIGNATURE/N/ (the registry as written, the traceback
and the mutations); OUT/summary.json holds the counts, grouped by signature (exception type and
the innermost powerctl frame). An example running longer than --timeout seconds is a failure
(a hang). Results of the campaign that was run are in CAMPAIGN.md."""

from __future__ import annotations

import argparse
import json
import pickle
import re
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parents[1])]

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzz import harness  # noqa: E402
from fuzz.strategies import Case, mutate, registries  # noqa: E402
from powerctl.i18n import Lang  # noqa: E402


class Hang(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang("example took too long")


def signature(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    inner = [f for f in frames if "/powerctl/" in f.filename] or frames
    where = f"{Path(inner[-1].filename).name}:{inner[-1].lineno}" if inner else "?"
    return re.sub(r"[^A-Za-z0-9_.:-]", "_", f"{type(error).__name__}-{where}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["core", "html", "pdf", "sheets"])
    parser.add_argument("examples", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--timeout", type=int, default=120)
    parser.add_argument(
        "--variants", type=int, default=1, help="mutated copies of each generated registry"
    )
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    slow: list[tuple[float, list[str]]] = []
    started = time.time()
    signal.signal(signal.SIGALRM, _alarm)

    def save() -> None:
        summary: dict[str, Any] = {
            "mode": args.mode,
            "seed": args.seed,
            "examples": counts["examples"],
            "failed": counts["failed"],
            "seconds": round(time.time() - started, 1),
            "failures": dict(failures.most_common()),
            "slowest": sorted(slow, reverse=True)[:5],
        }
        (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))

    @seed(args.seed)
    @settings(
        max_examples=-(-args.examples // args.variants),
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        base=registries(),
        data=st.data(),
        lang=st.sampled_from([Lang.ZH, Lang.EN]),
        paper=st.sampled_from(["A4", "A3"]),
    )
    def one(base: Case, data: st.DataObject, lang: Lang, paper: str) -> None:
        for _ in range(args.variants):
            if counts["examples"] >= args.examples:
                return
            check(mutate(data.draw, base), lang, paper)

    def check(case: Case, lang: Lang, paper: str) -> None:
        kept = pickle.dumps(case)
        begin = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            signal.alarm(args.timeout)
            try:
                if args.mode == "core":
                    harness.check_core(case, folder, lang)
                elif args.mode == "html":
                    harness.check_html(case, folder, lang)
                elif args.mode == "pdf":
                    harness.check_pdf(case, folder, lang, paper)
                else:
                    harness.check_spreadsheets(case, folder)
            except Exception as error:  # a finding of the campaign: log it and go on
                signal.alarm(0)
                name = signature(error)
                failures[name] += 1
                counts["failed"] += 1
                if failures[name] <= 3:
                    place = out / "failures" / name / str(failures[name])
                    place.mkdir(parents=True, exist_ok=True)
                    original: Case = pickle.loads(kept)
                    original.write(place / "registry")
                    (place / "case.pkl").write_bytes(kept)
                    (place / "traceback.txt").write_text(
                        f"lang={lang} paper={paper} today={case.today}\n"
                        f"mutations: {original.applied}\n\n" + traceback.format_exc()
                    )
            finally:
                signal.alarm(0)
        took = time.perf_counter() - begin
        if took > 10:
            slow.append((round(took, 1), case.applied))
        counts["examples"] += 1
        if counts["examples"] % 100 == 0:
            save()

    one()
    save()
    print(json.dumps(json.loads((out / "summary.json").read_text()), ensure_ascii=False))


if __name__ == "__main__":
    main()
