"""Says plainly what a fresh machine lacks before `make` creates the virtual environment."""

import sys

if sys.version_info < (3, 11):
    sys.exit(
        f"Saphan needs Python 3.11 or newer; this is {sys.version.split()[0]}.\n"
        "On Debian/Ubuntu: sudo apt install python3.11 python3.11-venv, then "
        "make run PYTHON=python3.11"
    )
try:
    import ensurepip  # noqa: F401
    import venv  # noqa: F401
except ImportError:
    v = f"{sys.version_info.major}.{sys.version_info.minor}"
    sys.exit(
        "Python's venv module is missing. On Debian/Ubuntu: "
        f"sudo apt install python3-venv (or python{v}-venv)"
    )
