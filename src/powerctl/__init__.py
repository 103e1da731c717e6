"""powerctl: power-transparency records (权力公开透明运行) as YAML in git."""

__version__ = "0.1.0"
