"""Resource limits of one grading run: the one table of defaults, and per-exercise overrides.

| limit | default | verdict when exceeded |
| --- | --- | --- |
| `cpu_seconds` | 20 | `time_limit` |
| `wall_seconds` | 10 (the reference solutions' p99 is about 1 s: benchmarks/wall_limits.py) | `time_limit` |
| `memory_mb` | 2048 (address space of the child; TensorFlow alone maps ~1 GB) | `memory_limit` |
| `output_kb` | 64 (stdout + stderr together) | `output_limit` |
| `file_size_mb` | 8 (largest file the code may write) | `runtime_error` |
| `open_files` | 256 | `runtime_error` |
| `processes` | 64 (processes and threads the run may add) | `runtime_error` |
| `scratch_mb` | 16 (the private /tmp, the only writable place) | `runtime_error` |
| `code_kb` | 64 (size of the submitted source) | `rejected` |

An exercise may override any of them in its `limits:` mapping; unknown names are refused.
"""

from dataclasses import asdict, dataclass, fields, replace


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 20
    wall_seconds: int = 10
    memory_mb: int = 2048
    output_kb: int = 64
    file_size_mb: int = 8
    open_files: int = 256
    processes: int = 64
    scratch_mb: int = 16
    code_kb: int = 64

    def with_overrides(self, overrides: dict | None) -> "Limits":
        """A copy with the given fields replaced; refuses unknown names and non-positive values."""
        if not overrides:
            return self
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ValueError(f"unknown limit(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        for name, value in overrides.items():
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"limit {name} must be a positive integer, got {value!r}")
        return replace(self, **overrides)

    def as_dict(self) -> dict:
        return asdict(self)


DEFAULT_LIMITS = Limits()
