"""The lock check during a Sphinx build: warn at each quote that left the lock.

The lock model lives in ``lock.py``; this module only reports, as build
warnings located at the quote, what the comparison finds.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from sphinx_configfile.lock import lock_path_of
from sphinx_configfile.state.quotes import quotes_of

logger = logging.getLogger(__name__)


def warn_about_lock_drift(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated`` handler: warn at each quote that left its lock.

    Sphinx emits ``env-updated`` on every build, also when no page was read
    again, so an unchanged rebuild after a drift warns again instead of
    saying "build succeeded", and an edit of the lock file or of
    ``configfile_lock``/``configfile_lock_check`` counts at once. The check
    reads the recorded quotes and the configs (from the read-once cache):
    no page is read for it. Without a lock file the build says nothing:
    locking is opt-in per project.
    """
    if not app.config.configfile_lock_check:
        return
    path = lock_path_of(app.srcdir, app.config.configfile_lock)
    if not path.exists():
        return
    # Imported only for a project with a lock: the model is the largest module
    # of the extension, and most builds (every one of a project without a lock)
    # would load it for nothing.
    from sphinx_configfile.lock.model import (
        LockError,
        compare_with_lock,
        current_quotes,
        load_lock,
        unlocked_message,
    )

    try:
        lock = load_lock(path)
        comparison = compare_with_lock(current_quotes(quotes_of(env)), lock)
    except LockError as exc:
        logger.warning("%s", exc.reason, location=exc.location, type="configfile", subtype="lock")
        return
    for drift in comparison.drifts:
        record = drift.quote.record
        logger.warning(
            "%s",
            drift.describe(),
            location=f"{record.source}:{record.lineno}",
            type="configfile",
            subtype="lock",
        )
    for quote in comparison.unlocked:
        record = quote.record
        logger.warning(
            "%s",
            unlocked_message(quote),
            location=f"{record.source}:{record.lineno}",
            type="configfile",
            subtype="lock",
        )
