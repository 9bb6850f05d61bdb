"""Run the portal's processes on one machine and keep them running.

    python -m award_portal.supervise [--stop-timeout 6] [--max-quick-exits 5] NAME=COMMAND ...

`./portal demo` and `./portal serve` start the web server, the Celery worker and the Celery
beat through it. Each program runs in a process group of its own; when one dies (a crash, the
out-of-memory killer, a SIGKILL) what is left of its group is killed and it is started again
after a short pause. A program that keeps dying within seconds of its start (a port in use, a
database that refuses the connection) stops everything with a message instead of restarting
forever. SIGTERM or SIGINT stops every group: SIGTERM first, SIGKILL to what is still there
after the stop timeout. Should the supervisor itself be killed, the kernel sends each program
SIGTERM (PR_SET_PDEATHSIG), so nothing runs on without it.

It is standard library only and does not import Django: it must keep running whatever state
the portal's code or settings are in.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

POLL_SECONDS = 0.2
# A program that exits this soon after its start counts as a failure to start.
QUICK_EXIT_SECONDS = 10.0
# After this many quick exits in a row, restarting is pointless: stop and say why.
MAX_QUICK_EXITS = 5
MAX_RESTART_DELAY = 8.0
_PR_SET_PDEATHSIG = 1


@dataclass
class Program:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    quick_exits: int = 0
    restart_at: float | None = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def parse_program(spec: str) -> Program:
    name, sep, command = spec.partition("=")
    if not sep or not name.isidentifier() or not command.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=COMMAND, got {spec!r}")
    return Program(name=name, argv=shlex.split(command))


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the stop on SIGTERM/SIGINT still holds


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exited with status {returncode}"


class Supervisor:
    def __init__(
        self,
        programs: list[Program],
        *,
        stop_timeout: float = 6.0,
        max_quick_exits: int = MAX_QUICK_EXITS,
        out=None,
    ):
        names = [p.name for p in programs]
        if len(set(names)) != len(names):
            raise ValueError(f"program names must differ: {names}")
        self.programs = programs
        self.stop_timeout = stop_timeout
        self.max_quick_exits = max_quick_exits
        self.out = out or sys.stderr
        self.stop_requested: int | None = None
        self.exit_status = 0

    def say(self, message: str) -> None:
        print(f"[supervise] {message}", file=self.out, flush=True)

    # --- one program ------------------------------------------------------------------------

    def start(self, program: Program) -> None:
        program.restart_at = None
        try:
            program.process = subprocess.Popen(
                program.argv, start_new_session=True, preexec_fn=_die_with_parent
            )
        except OSError as exc:  # no such program, not executable
            self.say(f"{program.name} cannot be started ({exc}): stopping everything")
            program.process = None
            self.exit_status = 1
            self.stop_requested = signal.SIGTERM
            return
        program.started_at = time.monotonic()
        self.say(f"{program.name} started (pid {program.process.pid})")

    def _signal_group(self, program: Program, signum: int) -> None:
        if program.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(program.process.pid, signum)

    def _group_alive(self, program: Program) -> bool:
        if program.process is None:
            return False
        program.process.poll()  # reap the leader, or the group lives on as its zombie
        try:
            os.killpg(program.process.pid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True

    def _exited(self, program: Program, now: float) -> None:
        assert program.process is not None
        how = describe_exit(program.process.returncode)
        # What the program left behind (pool children, a half-stopped worker) goes with it.
        self._signal_group(program, signal.SIGKILL)
        ran = now - program.started_at
        program.quick_exits = program.quick_exits + 1 if ran < QUICK_EXIT_SECONDS else 0
        if program.quick_exits >= self.max_quick_exits:
            self.say(
                f"{program.name} {how} {program.quick_exits} times in a row, each within "
                f"{QUICK_EXIT_SECONDS:.0f} s of its start: stopping everything. "
                "Its messages above say why."
            )
            self.exit_status = 1
            self.stop_requested = signal.SIGTERM
            return
        delay = min(2.0 ** max(program.quick_exits - 1, 0), MAX_RESTART_DELAY)
        self.say(f"{program.name} {how} after {ran:.0f} s; starting it again in {delay:.0f} s")
        program.restart_at = now + delay

    # --- all of them ------------------------------------------------------------------------

    def _on_signal(self, signum, _frame) -> None:
        if self.stop_requested is not None:
            # A second Ctrl+C: no more waiting.
            for program in self.programs:
                self._signal_group(program, signal.SIGKILL)
        self.stop_requested = signum

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGHUP, self._on_signal)
        while self.stop_requested is None:
            now = time.monotonic()
            for program in self.programs:
                if self.stop_requested is not None:
                    break
                if program.process is None:
                    self.start(program)
                elif program.restart_at is not None:
                    if now >= program.restart_at:
                        self.start(program)
                elif program.process is not None and program.process.poll() is not None:
                    self._exited(program, now)
            time.sleep(POLL_SECONDS)
        self.stop()
        return self.exit_status

    def stop(self) -> None:
        """SIGTERM to every group, SIGKILL to what is left after the stop timeout."""
        self.say("stopping " + ", ".join(p.name for p in self.programs))
        for program in self.programs:
            self._signal_group(program, signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        while time.monotonic() < deadline and any(self._group_alive(p) for p in self.programs):
            time.sleep(POLL_SECONDS)
        late = [p for p in self.programs if self._group_alive(p)]
        for program in late:
            self.say(f"{program.name} did not stop within {self.stop_timeout:.0f} s: killed")
            self._signal_group(program, signal.SIGKILL)
        for program in late:
            if program.process is not None:
                program.process.wait()
        self.say("stopped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m award_portal.supervise",
        description="Run programs, start again any that dies, stop all on SIGTERM/SIGINT.",
    )
    parser.add_argument(
        "--stop-timeout",
        type=float,
        default=6.0,
        help="seconds between SIGTERM and SIGKILL when stopping (default 6)",
    )
    parser.add_argument(
        "--max-quick-exits",
        type=int,
        default=MAX_QUICK_EXITS,
        help=f"give up on a program that exits this many times in a row within "
        f"{QUICK_EXIT_SECONDS:.0f} s of its start (default {MAX_QUICK_EXITS})",
    )
    parser.add_argument("programs", nargs="+", type=parse_program, metavar="NAME=COMMAND")
    args = parser.parse_args(argv)
    supervisor = Supervisor(
        args.programs, stop_timeout=args.stop_timeout, max_quick_exits=args.max_quick_exits
    )
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
