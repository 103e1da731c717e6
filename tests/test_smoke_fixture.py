import datetime as dt

from conftest import RegistryBuilder


def test_minimal_registry_is_lint_clean(registry: RegistryBuilder) -> None:
    findings = registry.findings(select=("PC",), today=dt.date(2026, 11, 23))
    assert [(f.code, f.file, f.message.en) for f in findings] == []
