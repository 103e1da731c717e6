"""The built wheel carries schemas and templates, and works from a fresh virtual environment
(not from the source tree)."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_validates(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("powerctl-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for kind in (
        "config",
        "people",
        "bodies",
        "power",
        "risks",
        "meeting",
        "disclosures",
        "feedback",
    ):
        assert f"powerctl/schemas/{kind}.schema.json" in names
    assert "powerctl/templates/new/meeting.yaml.j2" in names
    assert "powerctl/templates/init/powerctl.yaml.j2" in names

    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    # Dependencies come from the test environment (offline); powerctl itself only from the wheel.
    purelib = Path(
        subprocess.run(
            [
                str(bin_dir / "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (purelib / "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import powerctl, sys; print(powerctl.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout
    assert str(env_dir) in where, where

    validated = subprocess.run(
        [str(bin_dir / "powerctl"), "validate", str(EXAMPLES / "township")],
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert validated.returncode == 0, validated.stdout.decode() + validated.stderr.decode()
    assert "没有发现问题" in validated.stdout.decode()

    schemas = tmp_path / "schemas-out"
    written = subprocess.run(
        [str(bin_dir / "powerctl"), "schema", "--out", str(schemas)],
        capture_output=True,
        cwd=tmp_path,
    )
    assert written.returncode == 0
    assert len(list(schemas.glob("*.schema.json"))) == 8
