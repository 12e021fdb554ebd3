"""Ctrl-C, SIGTERM and SIGHUP all stop a build the same way: nothing written.

The handler raises KeyboardInterrupt where the main thread happens to be, and also
remembers the signal: third-party code that swallows the exception (a bare ``except:``
at import time, a ``__del__``) cannot make the build carry on and write its outputs,
because :func:`check` raises again before anything is committed.
"""
from __future__ import annotations

import contextlib
import signal
import sys
import threading
from typing import Iterator

_received: list[int] = []


def _handler(signum, frame) -> None:
    _received.append(signum)
    raise KeyboardInterrupt(signal.Signals(signum).name)


def check() -> None:
    """Raise KeyboardInterrupt if a stop signal arrived inside :func:`stop_signals`."""
    if _received:
        raise KeyboardInterrupt(signal.Signals(_received[0]).name)


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """Within the block, SIGINT, SIGTERM and SIGHUP raise KeyboardInterrupt; restored after.

    Only the main thread may set handlers; elsewhere the block runs unchanged.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signums = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {s: signal.signal(s, _handler) for s in signums}
    previous_hook = sys.unraisablehook

    def quiet_interrupts(unraisable) -> None:
        # The interrupt landed in code whose exceptions Python can only print (an
        # os.fork hook, a __del__): check() acts on it later; a traceback is no use.
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and _received:
            return
        previous_hook(unraisable)

    sys.unraisablehook = quiet_interrupts
    _received.clear()
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        sys.unraisablehook = previous_hook
        _received.clear()


def reset_in_worker() -> None:
    """A forked worker inherits the handlers: give it the defaults, so SIGTERM stops it
    (the pool would otherwise send the KeyboardInterrupt back as a result and carry on)."""
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, signal.SIG_DFL)
    _received.clear()
