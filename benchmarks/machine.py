"""Machine description shared by the benchmark scripts."""

from __future__ import annotations


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo ("unknown" where there is none)."""
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"
