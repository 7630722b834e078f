"""The library file format (YAML), its validation and its error messages.

Validation runs in two passes: pydantic checks the shape of each field, then
``_cross_reference_errors`` checks what one part of the file says about another (a question
naming a dimension or a format the file does not define, a track missing an expectation).
Both report ``LibraryError`` items that carry a dotted location and, when the YAML node can be
found, its line, so a person can go straight to the fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

RANKS_PER_TRACK = 3
SCALE_POINTS = (1, 2, 3, 4)

Key = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=40),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Rating = Annotated[float, Field(ge=1, le=4)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DimensionSpec(_Strict):
    key: Key
    name: Text
    assessed: bool = True
    description: str = ""


class FormatSpec(_Strict):
    key: Key
    name: Text
    duration_minutes: int = Field(ge=5, le=480)
    description: str = ""
    dimensions: list[Key] = Field(min_length=1)


class TraitSpec(_Strict):
    key: Key
    name: Text
    description: str = ""


class RankSpec(_Strict):
    key: Key
    name: Text


class ExpectationSpec(_Strict):
    summary: Text
    text: str = ""
    expected_rating: list[Rating] = Field(min_length=RANKS_PER_TRACK, max_length=RANKS_PER_TRACK)


class TrackSpec(_Strict):
    key: Key
    name: Text
    description: str = ""
    ranks: list[RankSpec] = Field(min_length=RANKS_PER_TRACK, max_length=RANKS_PER_TRACK)
    expectations: dict[Key, ExpectationSpec]


class LadderSpec(_Strict):
    tracks: list[TrackSpec] = Field(min_length=1)


class QuestionSpec(_Strict):
    key: Key
    prompt: Text
    guidance: str = ""
    strong_signal: str = ""
    flag_signal: str = ""
    formats: list[Key] = Field(min_length=1)
    anchors: dict[int, Text]


class RubricSpec(_Strict):
    dimension: Key
    title: Text
    description: str = ""
    summary_prompt: str | None = None
    questions: list[QuestionSpec] = Field(min_length=1)


class LearningPromptSpec(_Strict):
    key: Key
    prompt: Text
    follow_ups: list[Text] = Field(default_factory=list)
    listen_for: str = ""
    # the formats that can probe learning with this prompt: their interview kits show it
    formats: list[Key] = Field(default_factory=list)


class LibrarySpec(_Strict):
    schema_version: int = Field(ge=1, le=1)
    name: Text
    description: str = ""
    dimensions: list[DimensionSpec] = Field(min_length=1)
    formats: list[FormatSpec] = Field(min_length=1)
    traits: list[TraitSpec] = Field(default_factory=list)
    ladder: LadderSpec
    rubrics: list[RubricSpec] = Field(min_length=1)
    learning_prompts: list[LearningPromptSpec] = Field(default_factory=list)


@dataclass(frozen=True)
class LibraryError:
    location: str
    reason: str
    line: int | None = None

    def format(self, source: str) -> str:
        where = f"{self.location} (line {self.line})" if self.line else self.location
        return f"{source}: {where}: {self.reason}"


class InvalidLibrary(Exception):
    def __init__(self, errors: list[LibraryError]) -> None:
        super().__init__(f"{len(errors)} error(s) in library file")
        self.errors = errors


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a key repeated in one mapping (YAML would keep the last)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in this mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# The shipped library nests seven levels deep; far more is a mistake or an attack, and the
# YAML composer recurses once per level (2,000 nested brackets exhaust Python's stack).
MAX_NESTING = 32


def _refuse_aliases_and_deep_nesting(text: str) -> None:
    """A library file has no use for YAML anchors and aliases, and an alias can make a tree
    that refers to itself or grows exponentially: refuse them before building anything.
    The parser emits events without recursing, so nesting is counted here, before the
    composer (which recurses) sees the text."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in a library file; write the value out",
                problem_mark=event.start_mark,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise yaml.MarkedYAMLError(
                    problem=f"nesting too deep (more than {MAX_NESTING} levels of lists and "
                    "mappings); a library file needs far fewer",
                    problem_mark=event.start_mark,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_library(text: str) -> LibrarySpec:
    """Parse and validate library YAML; raise ``InvalidLibrary`` with every error found."""
    try:
        _refuse_aliases_and_deep_nesting(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: safe
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        line = mark.line + 1 if mark is not None else None
        raise InvalidLibrary([LibraryError("(file)", f"not valid YAML: {problem}", line)]) from None
    lines = _line_index(node)
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise InvalidLibrary(
            [
                LibraryError(
                    "(file)",
                    f"the file is {kind}; expected a mapping with 'name', "
                    "'dimensions', 'formats', 'ladder' and 'rubrics'",
                    1,
                )
            ]
        )
    try:
        spec = LibrarySpec.model_validate(data)
    except ValidationError as error:
        raise InvalidLibrary(
            [_from_pydantic(item, lines) for item in error.errors(include_url=False)]
        ) from None
    errors = _cross_reference_errors(spec)
    if errors:
        raise InvalidLibrary(
            sorted(
                (LibraryError(loc, reason, lines.get(loc)) for loc, reason in errors),
                key=lambda error: error.line or 0,
            )
        )
    return spec


def parse_library_file(path: Path) -> LibrarySpec:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidLibrary([LibraryError("(file)", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidLibrary([LibraryError("(file)", f"cannot read: {error}")]) from None
    return parse_library(text)


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(file)"


def _from_pydantic(item: dict[str, Any], lines: dict[str, int]) -> LibraryError:
    loc = tuple(part for part in item["loc"] if not _is_pydantic_tag(part))
    location = _dotted(loc)
    reason = item["msg"]
    if item["type"] == "extra_forbidden":
        reason = "unknown field (check its spelling and indentation)"
    elif item["type"] == "missing":
        reason = "required field is missing"
    elif item["type"] in ("model_type", "model_attributes_type", "dict_type"):
        reason = "should hold fields (indented `name: value` lines below it), not a single value"
    elif item["type"] == "list_type":
        reason = "should be a list (indented lines starting with `- `)"
    line = lines.get(location)
    probe = loc
    while line is None and probe:
        probe = probe[:-1]
        line = lines.get(_dotted(probe))
    return LibraryError(location, reason, line)


def _is_pydantic_tag(part: Any) -> bool:
    # pydantic adds tags such as "[key]" for dict keys that failed validation
    return isinstance(part, str) and bool(re.fullmatch(r"\[.*\]", part))


def _line_index(node: yaml.Node | None) -> dict[str, int]:
    """Map each dotted location in the YAML document to its 1-based line."""
    index: dict[str, int] = {}

    def walk(current: yaml.Node, path: str) -> None:
        index.setdefault(path or "(file)", current.start_mark.line + 1)
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                child = f"{path}.{key_node.value}" if path else str(key_node.value)
                index[child] = key_node.start_mark.line + 1
                walk(value_node, child)
                index[child] = key_node.start_mark.line + 1
        elif isinstance(current, yaml.SequenceNode):
            for position, item in enumerate(current.value):
                walk(item, f"{path}.{position}" if path else str(position))

    if node is not None:
        walk(node, "")
    return index


def _duplicates(keys: list[str]) -> list[tuple[int, str]]:
    seen: set[str] = set()
    found = []
    for position, key in enumerate(keys):
        if key in seen:
            found.append((position, key))
        seen.add(key)
    return found


def _cross_reference_errors(spec: LibrarySpec) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    dimension_keys = [d.key for d in spec.dimensions]
    assessed = {d.key for d in spec.dimensions if d.assessed}
    format_dimensions = {f.key: set(f.dimensions) for f in spec.formats}

    for position, key in _duplicates(dimension_keys):
        errors.append((f"dimensions.{position}.key", f"duplicate dimension key {key!r}"))
    for position, key in _duplicates([f.key for f in spec.formats]):
        errors.append((f"formats.{position}.key", f"duplicate format key {key!r}"))
    for position, key in _duplicates([t.key for t in spec.traits]):
        errors.append((f"traits.{position}.key", f"duplicate trait key {key!r}"))
    for position, key in _duplicates([p.key for p in spec.learning_prompts]):
        errors.append((f"learning_prompts.{position}.key", f"duplicate prompt key {key!r}"))
    for p_pos, learning_prompt in enumerate(spec.learning_prompts):
        for f_pos, key in enumerate(learning_prompt.formats):
            if key not in format_dimensions:
                errors.append(
                    (
                        f"learning_prompts.{p_pos}.formats.{f_pos}",
                        _unknown("format", key, format_dimensions),
                    )
                )

    for f_pos, fmt in enumerate(spec.formats):
        for d_pos, key in enumerate(fmt.dimensions):
            if key not in assessed:
                errors.append(
                    (
                        f"formats.{f_pos}.dimensions.{d_pos}",
                        _unknown("assessed dimension", key, assessed),
                    )
                )

    for position, key in _duplicates([t.key for t in spec.ladder.tracks]):
        errors.append((f"ladder.tracks.{position}.key", f"duplicate track key {key!r}"))
    rank_keys = [
        (t_pos, r_pos, rank.key)
        for t_pos, track in enumerate(spec.ladder.tracks)
        for r_pos, rank in enumerate(track.ranks)
    ]
    seen_ranks: set[str] = set()
    for t_pos, r_pos, key in rank_keys:
        if key in seen_ranks:
            errors.append(
                (
                    f"ladder.tracks.{t_pos}.ranks.{r_pos}.key",
                    f"duplicate level key {key!r}; level keys are unique across tracks",
                )
            )
        seen_ranks.add(key)
    for t_pos, track in enumerate(spec.ladder.tracks):
        where = f"ladder.tracks.{t_pos}.expectations"
        for key, expectation in track.expectations.items():
            if key not in dimension_keys:
                errors.append((f"{where}.{key}", _unknown("dimension", key, dimension_keys)))
            ratings = expectation.expected_rating
            if any(later < earlier for earlier, later in pairwise(ratings)):
                errors.append(
                    (
                        f"{where}.{key}.expected_rating",
                        "ratings must not decrease from one rank to the next",
                    )
                )
        for key in dimension_keys:
            if key not in track.expectations:
                errors.append((where, f"no expectation for dimension {key!r}"))

    rubric_dimensions = [r.dimension for r in spec.rubrics]
    for position, key in _duplicates(rubric_dimensions):
        errors.append((f"rubrics.{position}.dimension", f"a second rubric for dimension {key!r}"))
    for key in sorted(assessed - set(rubric_dimensions)):
        errors.append(("rubrics", f"assessed dimension {key!r} has no rubric"))
    for r_pos, rubric in enumerate(spec.rubrics):
        where = f"rubrics.{r_pos}"
        if rubric.dimension not in assessed:
            errors.append(
                (f"{where}.dimension", _unknown("assessed dimension", rubric.dimension, assessed))
            )
        for position, key in _duplicates([q.key for q in rubric.questions]):
            errors.append((f"{where}.questions.{position}.key", f"duplicate question key {key!r}"))
        for q_pos, question in enumerate(rubric.questions):
            q_where = f"{where}.questions.{q_pos}"
            if sorted(question.anchors) != list(SCALE_POINTS):
                given = ", ".join(str(point) for point in sorted(question.anchors)) or "none"
                errors.append(
                    (
                        f"{q_where}.anchors",
                        f"needs one anchor for each point 1, 2, 3 and 4 (given: {given})",
                    )
                )
            for f_pos, key in enumerate(question.formats):
                if key not in format_dimensions:
                    errors.append(
                        (f"{q_where}.formats.{f_pos}", _unknown("format", key, format_dimensions))
                    )
                elif rubric.dimension not in format_dimensions[key]:
                    errors.append(
                        (
                            f"{q_where}.formats.{f_pos}",
                            f"format {key!r} does not assess dimension {rubric.dimension!r}",
                        )
                    )
    return errors


def _unknown(kind: str, key: str, known: Any) -> str:
    choices = ", ".join(sorted(known)) or "none defined"
    return f"unknown {kind} {key!r} (known: {choices})"
