"""`powerctl init`: a new registry with config, folders, one example record of each kind,
editor settings that map the schemas, and a .gitignore. Never overwrites anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from powerctl.scaffold.files import (
    atomic_write,
    canonical,
    schema_modeline,
    templates,
    write_schemas,
)

# template -> (file in the registry, schema kind for the modeline or None)
_FILES = {
    "init/powerctl.yaml.j2": ("powerctl.yaml", "config"),
    "init/people.yaml.j2": ("org/people.yaml", "people"),
    "init/bodies.yaml.j2": ("org/bodies.yaml", "bodies"),
    "init/power.yaml.j2": ("powers/DW-001.yaml", "power"),
    "init/risks.yaml.j2": ("risks/DW-001.yaml", "risks"),
    "init/meeting.yaml.j2": ("meetings/{year}/M-{year}-01.yaml", "meeting"),
    "init/disclosures.yaml.j2": ("disclosures/{year}.yaml", "disclosures"),
    "init/feedback.yaml.j2": ("feedback/{year}.yaml", "feedback"),
    "init/gitignore.j2": (".gitignore", None),
    "init/vscode-settings.json.j2": (".vscode/settings.json", None),
}


class RegistryExists(Exception):
    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def create_registry(directory: Path, unit_id: str, unit_name: str, today: dt.date) -> list[Path]:
    year = today.year
    planned = {
        template: directory / target.format(year=year) for template, (target, _) in _FILES.items()
    }
    for path in planned.values():
        if path.exists():
            raise RegistryExists(path)
    env = templates()
    values = {
        "unit_id": unit_id,
        "unit_name": unit_name,
        "today": today.isoformat(),
        "year": year,
        "start": dt.date(year, 1, 1).isoformat(),
        "review": dt.date(year + 1, 12, 31).isoformat(),
    }
    created = []
    for template, path in planned.items():
        kind = _FILES[template][1]
        modeline = schema_modeline(directory, path, kind) if kind else ""
        text = env.get_template(template).render(modeline=modeline, **values)
        atomic_write(path, canonical(text, kind) if kind else text)
        created.append(path)
    (directory / "assets").mkdir(exist_ok=True)
    keep = directory / "assets" / ".gitkeep"
    if not keep.exists():
        atomic_write(keep, "")
    created.extend(write_schemas(directory / ".powerctl" / "schemas"))
    return created
