"""Exit codes (PRODUCT.md): 0 clean or warnings only, 1 errors, 2 usage or I/O error."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
