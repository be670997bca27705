"""The building blocks of a document, independent of the file format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from fukyu.governance.gantt import GanttLayout


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Line:
    """One short line: the date, the addressee, the sender."""

    text: str
    align: Literal["left", "right", "center"] = "left"


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str  # line breaks are kept


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    centered: tuple[int, ...] = ()  # column indexes to centre (e.g. ○ marks)


@dataclass(frozen=True)
class KeyValues:
    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class Gantt:
    layout: GanttLayout


Block = Title | Line | Heading | Para | Table | KeyValues | Gantt


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    footer: str = ""
    draft: bool = False  # shows 「案」 on every page

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self
