"""What the checks know about a model: its layers, their output shapes, its output's activation."""

from dataclasses import dataclass

from grader.spec import RECURRENT_TYPES
from grader.wording import format_shape as format_shape  # re-exported: callers import it from here


@dataclass(frozen=True)
class ModelFacts:
    output_shape: list[int] | None
    outputs: list[list[int]]
    layers: list[dict]
    output_activation: str | None = None

    @property
    def recurrent_layers(self) -> list[dict]:
        """Recurrent layers in order; one wrapped in Bidirectional counts, marked `bidirectional`."""
        found = []
        for layer in self.layers:
            if layer["class"] in RECURRENT_TYPES:
                found.append({**layer, "bidirectional": False})
            elif layer["class"] == "Bidirectional" and layer["wrapped"]:
                wrapper = {"output_shape": layer["output_shape"], "merge_mode": layer.get("merge_mode")}
                found.append({**layer["wrapped"], **wrapper, "bidirectional": True})
        return found

    @property
    def parameter_count(self) -> int:
        return sum(layer.get("params") or 0 for layer in self.layers)
