"""The rule tests' shared helpers, importable by bare name from every chapter folder.

The tests live by chapter (``tls/``, ``im/``, ``web/``, ``mail/``) as the rules
do, plus ``defaults/`` and ``waivers/``; the helpers they share
(``model_builders``, ``rule_checks``, ``fixture_loading``) stay here, one level
up from most of their users, so this folder goes on the import path.
"""

import sys
from pathlib import Path

HELPERS = str(Path(__file__).resolve().parent)
if HELPERS not in sys.path:
    sys.path.insert(0, HELPERS)
