"""`signals_interrupt`: SIGTERM and SIGHUP unwind like Ctrl+C, once, and only inside it."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from sonic_desktop.core.interrupts import (
    Terminated,
    deferred,
    describe,
    exit_code,
    signals_interrupt,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _deliver(signum: int) -> None:
    os.kill(os.getpid(), signum)
    time.sleep(0.05)  # the handler runs at the next bytecode boundary of the main thread


@pytest.mark.parametrize(
    "signum, status, name", [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGHUP, 129, "SIGHUP")]
)
def test_fault_signal_raises_a_keyboard_interrupt(signum, status, name):
    before = signal.getsignal(signum)
    cleaned = []
    with pytest.raises(KeyboardInterrupt) as caught, signals_interrupt():
        try:
            _deliver(signum)
        finally:
            cleaned.append(True)
    assert cleaned == [True]  # `finally` ran: the signal did not kill the process
    assert isinstance(caught.value, Terminated)
    assert exit_code(caught.value) == status
    assert describe(caught.value) == f" by {name}"
    assert signal.getsignal(signum) is before  # restored on the way out


def test_fault_ctrl_c_keeps_its_status():
    with pytest.raises(KeyboardInterrupt) as caught, signals_interrupt():
        _deliver(signal.SIGINT)
    assert type(caught.value) is KeyboardInterrupt
    assert exit_code(caught.value) == 130 and describe(caught.value) == ""


def test_fault_deferred_block_finishes_before_the_interrupt():
    steps = []
    with pytest.raises(Terminated), signals_interrupt():
        with deferred():
            _deliver(signal.SIGTERM)
            steps.append("started ffmpeg")
            steps.append("registered its clean-up")
        steps.append("never reached")
    assert steps == ["started ffmpeg", "registered its clean-up"]


def test_fault_second_signal_does_not_cut_the_clean_up_short():
    steps = []
    with pytest.raises(Terminated), signals_interrupt():
        try:
            _deliver(signal.SIGTERM)
        finally:
            _deliver(signal.SIGTERM)  # e.g. the session repeats it while files are removed
            _deliver(signal.SIGHUP)
            steps.append("cleaned")
    assert steps == ["cleaned"]


def test_fault_ignored_signal_stays_ignored():
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        with signals_interrupt():
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            _deliver(signal.SIGHUP)  # nothing happens
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
