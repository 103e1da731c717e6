from conftest import RegistryBuilder


def test_minimal_registry_is_clean(registry: RegistryBuilder) -> None:
    findings = registry.findings()
    assert [(f.code, f.file, f.message.en) for f in findings] == []
