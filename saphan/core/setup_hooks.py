"""Steps later apps add to `saphan setup`: run after migrate and the reference offices.

Core imports no other app; an app that needs reference data of its own on a fresh database
(the promotion app's standard catalog of each office) appends a function here in its
`AppConfig.ready`. Each hook must be idempotent (setup runs on every start) and returns one
line saying what it did, printed by the command.
"""

from __future__ import annotations

from collections.abc import Callable

SetupHook = Callable[[], str]
setup_hooks: list[SetupHook] = []


def setup_hook_register(hook: SetupHook) -> None:
    if hook not in setup_hooks:
        setup_hooks.append(hook)
