"""Model-zoo harness: third-party model packages, translated whole, run the user's path exactly.

Per zoo (a package and the packages it imports, sources from ``pip download --no-deps``, see
tests/corpus/fetch.py) and target:

1. ``torch2ms translate PKG -o OUT --to T --weight-map MAP.yaml``: the zoo's package whole, once
   per run and target (self-imports kept); each package it imports is translated whole too;
2. PyTorch, in its own process on the ORIGINAL packages (tests/zoo/torch_side.py): build with the
   list's builder call, randomise norm statistics, eval, save state_dict, input and outputs;
3. ``torch2ms weights convert W.pth --map MAP.yaml -o W.ckpt|W.pdparams --to T`` (no --model, no --root);
4. the target, in its own process with torch blocked (tests/zoo/target_side.py): build from the
   translated package, load strictly, run;
5. compare every output within 1e-5 * max(1, max|y|).

Each model gives one ``Row``: ``matched``, or the failing stage (translate / torch / convert /
build / load / run / mismatch) with the first line of the error, or ``unsupported`` with the list's
reason. The only stand-ins (tests/zoo/shims/) are torchvision's package ``__init__`` and ``extension``,
which load C++ extensions that a source checkout lacks, the download hooks of
``_internally_replaced_utils`` and the ONNX export registration ``ops/_register_onnx_ops``; the same
stand-ins are used on both sides.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from tests.corpus.fetch import package_sources

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SHIMS = HERE / "shims"
RTOL = 1e-5
TARGETS = {"mindspore": "model.ckpt", "paddle": "model.pdparams"}
# GLOG_v=3 keeps MindSpore's C++ warnings out of error lines; Paddle reads it as verbosity.
TARGET_ENV = {"mindspore": {"GLOG_v": "3"}, "paddle": {}}
STAGE_TIMEOUT_S = 900
PER_MODEL_TIMEOUT_S = 240


@dataclass(frozen=True)
class Zoo:
    name: str
    packages: tuple[str, ...]  # the zoo's package first, then the packages it imports
    # how many of the packages (from the first) are translated in one call with one weight map: one
    # when the zoo's classes are its own, more when they subclass another package's (smp's
    # encoders are torchvision ResNets)
    mapped: int = 1
    local: Path | None = None  # a folder holding the packages, instead of PyPI

    def sources(self, package: str) -> Path:
        return self.local / package if self.local else package_sources(package)

    @property
    def list_file(self) -> Path:
        return HERE / f"{self.name}.yaml"


ZOOS = {
    "timm": Zoo("timm", ("timm", "torchvision")),
    "torchvision": Zoo("torchvision", ("torchvision",)),
    "patterns": Zoo("patterns", ("zoo_patterns",), local=HERE / "patterns"),
    "smp": Zoo("smp", ("segmentation_models_pytorch", "torchvision", "timm"), mapped=2),
}


@dataclass
class Model:
    name: str
    build: str | None  # "module:expression", evaluated in the module's namespace
    input: list[int] | None
    unsupported: dict[str, str] = field(default_factory=dict)  # target (or "all") -> reason
    # why the reference sets its norm statistics from the input (tests/zoo/torch_side.py); None: random
    calibrate_norms: str | None = None
    # a model's own output tolerance (relative, as RTOL), only with the measured reason in its list
    # entry (``rtol: {value: 3.0e-5, reason: ...}``): floating-point differences a model amplifies
    rtol: float = RTOL


@dataclass
class Row:
    model: str
    target: str
    stage: str  # matched | unsupported | translate | torch | convert | build | load | run | mismatch
    detail: str = ""
    diverging: str = ""  # first diverging layer per `torch2ms verify`, on a mismatch

    def line(self) -> str:
        text = f"{self.model:44} {self.target:9} {self.stage:11} {self.detail}"
        return (text + (f" (first divergence: {self.diverging})" if self.diverging else "")).rstrip()


def load_models(zoo: Zoo, names: Iterable[str] | None = None, limit: int | None = None) -> list[Model]:
    data = yaml.safe_load(zoo.list_file.read_text(encoding="utf-8"))
    models = [Model(m["name"], m.get("build"), m.get("input"), m.get("unsupported") or {}, m.get("calibrate_norms"),
                    _model_rtol(m, zoo)) for m in data["models"]]
    if names:
        wanted = set(names)
        unknown = wanted - {m.name for m in models}
        if unknown:
            raise SystemExit(f"{zoo.list_file}: no model named {sorted(unknown)}")
        models = [m for m in models if m.name in wanted]
    return models[:limit] if limit else models


def _model_rtol(entry: dict, zoo: Zoo) -> float:
    rtol = entry.get("rtol")
    if rtol is None:
        return RTOL
    if not isinstance(rtol, dict) or not str(rtol.get("reason") or "").strip() or "value" not in rtol:
        raise SystemExit(f"{zoo.list_file}: {entry['name']}: rtol needs {{value: ..., reason: ...}}")
    return float(rtol["value"])


def _one_line(text: str, width: int = 220) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    joined = " | ".join(lines[:3])
    return joined if len(joined) <= width else joined[: width - 3] + "..."


def _last_error(text: str) -> str:
    """The error line of a failed CLI run: the last line naming an error, else the last line."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        if "Error" in line or "error" in line:
            return line.strip()
    return lines[-1].strip() if lines else ""


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(cmd, cwd=REPO, env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
                              capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, -9, "", f"timed out after {timeout:.0f}s")


def _pythonpath(root: Path) -> dict[str, str]:
    return {"PYTHONPATH": os.pathsep.join([str(root), str(REPO)])}


# stand-ins for package parts that are not model code: the package root and extension (load C++
# extensions), the download hooks and the ONNX export registration; the rest of the real package is
# kept (on the target side, translated)
SHIMMED = ("__init__.py", "extension.py", "_internally_replaced_utils.py", "ops/_register_onnx_ops.py")


def _add_shims(root: Path, packages: Iterable[str]) -> None:
    for package in packages:
        for name in SHIMMED:
            if (SHIMS / package / name).is_file():
                shutil.copyfile(SHIMS / package / name, root / package / name)


def translator_stamp() -> str:
    """A hash of what decides a translation and a conversion: the engine's code and the tables."""
    digest = hashlib.sha256()
    for folder in ("translator", "api_tables"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix in (".py", ".yaml", ".json") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Harness:
    """One run over a zoo: translations, references and results cached under ``work``."""

    def __init__(self, zoo: Zoo, work: Path, log: Callable[[str], None] = print) -> None:
        self.zoo, self.work, self.log = zoo, work, log
        self.work.mkdir(parents=True, exist_ok=True)
        self._verify = None

    # -- the two package roots ---------------------------------------------------------------
    def torch_root(self) -> Path:
        root = self.work / "torch_root"
        if not root.is_dir():
            tmp = self.work / "torch_root.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            for package in self.zoo.packages:
                shutil.copytree(self.zoo.sources(package), tmp / package)
            _add_shims(tmp, self.zoo.packages)
            tmp.rename(root)
        return root

    def translate(self, target: str) -> tuple[Path, Path] | str:
        """(translated root, weight map), or the translate failure's error line."""
        out, weight_map = self.work / target / "root", self.work / target / "weight_map.yaml"
        # a translation (and the conversions and results made from it) is reused only while the
        # engine and the tables are those that made it; else the target's folder is made afresh
        stamp_file, stamp = self.work / target / "translator.stamp", translator_stamp()
        if weight_map.is_file() and stamp_file.is_file() and stamp_file.read_text() == stamp:
            return out, weight_map
        shutil.rmtree(self.work / target, ignore_errors=True)
        (self.work / target).mkdir(parents=True)
        shutil.rmtree(out, ignore_errors=True)
        log = []
        # the zoo's package with the weight map; the packages it imports each translated as well
        calls = [self.zoo.packages[:self.zoo.mapped], *([p] for p in self.zoo.packages[self.zoo.mapped:])]
        for i, packages in enumerate(calls):
            package = ", ".join(packages)
            self.log(f"# translating {package} to {target}")
            extra = ["--weight-map", str(weight_map)] if i == 0 else []
            # one source folder is translated INTO -o; several go to -o/<name> each
            dest = out / packages[0] if len(packages) == 1 else out
            proc = _run([sys.executable, "-m", "translator", "translate", *(str(self.zoo.sources(p)) for p in packages),
                         "-o", str(dest), "--to", target, *extra, "-q"], TARGET_ENV[target], STAGE_TIMEOUT_S)
            log.append(proc.stdout + proc.stderr)
            if proc.returncode != 0:
                break
        (self.work / target / "translate.log").write_text("\n".join(log), encoding="utf-8")
        if proc.returncode != 0 or not weight_map.is_file():
            weight_map.unlink(missing_ok=True)
            return f"{package}: " + (_last_error(proc.stderr or proc.stdout) or f"exit code {proc.returncode}")
        _add_shims(out, self.zoo.packages)
        stamp_file.write_text(stamp)
        return out, weight_map

    # -- batched side processes ----------------------------------------------------------------
    def _batch(self, side: str, jobs: list[dict], root: Path, cmd: list[str], env: dict[str, str]) -> None:
        """Run ``cmd JOBS.json`` over all jobs; jobs a crash left without a result are rerun alone."""
        pending = [job for job in jobs if not Path(job["result"]).is_file()]
        for group in ([pending] if len(pending) > 1 else []) + [[job] for job in pending]:
            group = [job for job in group if not Path(job["result"]).is_file()]
            if not group:
                continue
            job_file = self.work / f"jobs.{side}.json"
            job_file.write_text(json.dumps({"root": str(root), "models": group}), encoding="utf-8")
            proc = _run([sys.executable, "-m", *cmd, str(job_file)], {**_pythonpath(root), **env},
                        PER_MODEL_TIMEOUT_S * len(group) + 120)
            if len(group) == 1 and not Path(group[0]["result"]).is_file():
                stage = "torch" if side == "torch" else "build"
                Path(group[0]["result"]).write_text(json.dumps(
                    {"stage": stage, "detail": f"process died ({proc.returncode}): "
                                               + _one_line(_last_error(proc.stderr))}), encoding="utf-8")

    def references(self, models: list[Model]) -> dict[str, dict]:
        root = self.torch_root()
        jobs = [{"name": m.name, "build": m.build, "input": m.input, "side": "torch",
                 "calibrate_norms": bool(m.calibrate_norms),
                 "dir": str(self.work / "torch" / m.name), "result": str(self.work / "torch" / m.name / "result.json")}
                for m in models]
        for job in jobs:
            Path(job["dir"]).mkdir(parents=True, exist_ok=True)
        self._batch("torch", jobs, root, ["tests.zoo.torch_side"], {})
        return {job["name"]: {**json.loads(Path(job["result"]).read_text()), "dir": job["dir"]} for job in jobs}

    def convert(self, target: str, model: Model, ref_dir: str, weight_map: Path) -> tuple[Path, str]:
        out_dir = self.work / target / "models" / model.name
        out_dir.mkdir(parents=True, exist_ok=True)
        converted = out_dir / TARGETS[target]
        if converted.is_file():
            return converted, ""
        proc = _run([sys.executable, "-m", "translator", "weights", "convert", str(Path(ref_dir) / "weights.pth"),
                     "--map", str(weight_map), "-o", str(converted), "--to", target], TARGET_ENV[target],
                    STAGE_TIMEOUT_S)
        if proc.returncode != 0 or not converted.is_file():
            text = proc.stderr or proc.stdout
            error = _last_error(text) or f"exit code {proc.returncode}"
            # "error: N torch keys cannot be mapped:" says why only on the next line (the first key)
            after = text.split(error, 1)[1].strip().splitlines() if error in text else []
            return converted, _one_line(error + (" " + after[0].strip() if after else ""), width=400)
        return converted, ""

    def run(self, models: list[Model], targets: list[str], on_row: Callable[[Row], None] | None = None) -> list[Row]:
        rows: list[Row] = []

        def emit(row: Row) -> None:
            rows.append(row)
            if on_row:
                on_row(row)

        runnable = [m for m in models if m.build and "all" not in m.unsupported]
        refs = self.references(runnable) if runnable else {}
        for target in targets:
            todo: list[tuple[Model, dict]] = []
            translated = self.translate(target)
            for model in models:
                reason = model.unsupported.get(target) or model.unsupported.get("all")
                if reason or not model.build:
                    emit(Row(model.name, target, "unsupported", reason or "no builder"))
                elif refs[model.name]["stage"] != "ok":
                    emit(Row(model.name, target, "torch", refs[model.name]["detail"]))
                elif isinstance(translated, str):
                    emit(Row(model.name, target, "translate", translated))
                else:
                    converted, error = self.convert(target, model, refs[model.name]["dir"], translated[1])
                    if error:
                        emit(Row(model.name, target, "convert", error))
                        continue
                    out_dir = converted.parent
                    todo.append((model, {"name": model.name, "build": model.build, "side": target,
                                         "dir": refs[model.name]["dir"], "weights": str(converted),
                                         "output": str(out_dir / "output.npz"),
                                         "result": str(out_dir / "result.json")}))
            if not todo or isinstance(translated, str):
                continue
            root, weight_map = translated
            self._batch(target, [job for _, job in todo], root, ["tests.zoo.target_side", target],
                        {**TARGET_ENV[target], "PARITY_TRANSLATED_ROOT": str(root)})
            for model, job in todo:
                result = json.loads(Path(job["result"]).read_text())
                if result["stage"] != "ok":
                    emit(Row(model.name, target, result["stage"], _one_line(result["detail"])))
                    continue
                row = Row(model.name, target, *compare(Path(job["dir"]) / "output.npz", Path(job["output"]),
                                                            model.rtol))
                if row.stage == "mismatch":
                    row.diverging = self.first_divergence(model, target, root, weight_map, job)
                emit(row)
        return rows

    # -- on a mismatch, the first diverging layer (``torch2ms verify``, when that command exists) --
    def first_divergence(self, model: Model, target: str, root: Path, weight_map: Path, job: dict) -> str:
        if self._verify is None:
            probe = _run([sys.executable, "-m", "translator", "verify", "--help"], {}, 120)
            self._verify = probe.returncode == 0
        if not self._verify:
            return ""
        torch_root = self.torch_root()
        shape = ",".join(str(n) for n in model.input or [])
        proc = _run([sys.executable, "-m", "translator", "verify", "--torch", f"{torch_root}:{model.build}",
                     "--translated", f"{root}:{model.build}", "--input", shape,
                     "--weights", str(Path(job["dir"]) / "weights.pth"), "--map", str(weight_map), "--to", target,
                     "--json"], TARGET_ENV[target], STAGE_TIMEOUT_S)
        try:
            first = json.loads(proc.stdout).get("first_divergence") or {}
        except json.JSONDecodeError:
            return ""
        return str(first.get("name") or "")


def compare(expected_npz: Path, actual_npz: Path, rtol: float = RTOL) -> tuple[str, str]:
    """("matched", "") or ("mismatch", what differs), over every output tensor in order, each within
    ``rtol * max(1, max|y|)``."""
    expected, actual = np.load(expected_npz), np.load(actual_npz)
    if len(expected.files) != len(actual.files):
        return "mismatch", f"{len(actual.files)} output tensors, torch gives {len(expected.files)}"
    for key in expected.files:
        want, got = expected[key], actual[key]
        if want.shape != got.shape:
            return "mismatch", f"{key}: shape {got.shape} != torch {want.shape}"
        diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
        tol = rtol * max(1.0, float(np.abs(want).max(initial=0.0)))
        if diff.size and not diff.max() <= tol:  # also catches NaN
            return "mismatch", (f"{key}: max|diff| {diff.max():.3g} > tol {tol:.3g} "
                                f"({int((~(diff <= tol)).sum())}/{diff.size} off, max|y| {np.abs(want).max():.3g})")
    return "matched", ""


def totals(rows: list[Row]) -> str:
    lines = []
    for target in sorted({r.target for r in rows}):
        mine = [r for r in rows if r.target == target]
        counts: dict[str, int] = {}
        for r in mine:
            counts[r.stage] = counts.get(r.stage, 0) + 1
        matched = counts.pop("matched", 0)
        rest = ", ".join(f"{stage} {n}" for stage, n in sorted(counts.items()))
        lines.append(f"{target}: {matched}/{len(mine)} matched" + (f" ({rest})" if rest else ""))
    return "\n".join(lines)
