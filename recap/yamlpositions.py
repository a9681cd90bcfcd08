"""Where each value of a YAML document starts, for messages that point at the line."""

from __future__ import annotations

from collections.abc import Callable

from recap.model import Location


class Positions:
    """Where each value (and each mapping key) of the document starts, 1-based.

    A reader may leave them to be found when first asked for (`locate`): only a story
    with a problem needs them, and finding them is a third of reading a long story.
    """

    def __init__(self, locate: Callable[[], Positions] | None = None) -> None:
        self._values: dict[Location, tuple[int, int]] = {}
        self._keys: dict[Location, tuple[int, int]] = {}
        self._locate = locate

    @property
    def values(self) -> dict[Location, tuple[int, int]]:
        self._find()
        return self._values

    @property
    def keys(self) -> dict[Location, tuple[int, int]]:
        self._find()
        return self._keys

    def _find(self) -> None:
        if self._locate is not None:
            locate, self._locate = self._locate, None
            found = locate()
            self._values, self._keys = found.values, found.keys

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Positions):
            return NotImplemented
        return (self.values, self.keys) == (other.values, other.keys)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dicts it holds

    def __repr__(self) -> str:
        return f"Positions(values={self.values!r}, keys={self.keys!r})"

    def of(self, path: Location, *, key: bool = False) -> tuple[int, int] | None:
        """Return the position of `path`, else of its nearest ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        values = self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in values:
                return values[prefix]
        return None
