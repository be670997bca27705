"""The shape of the performance report (実績報告書): sections of sentences and tables, some
tables drawn as charts. Renderers (PDF, DOCX, XLSX) read only this shape."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fukyu.core.wareki import era_year_label
from fukyu.reports.files import Dataset


@dataclass(frozen=True)
class Chart:
    title: str
    value_cols: tuple[int, ...] = (1,)  # columns of the table drawn (column 0 is the label)
    kind: str = "bar"  # "bar" or "line"


@dataclass
class Table:
    ds: Dataset
    chart: Chart | None = None


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Report:
    title: str
    contract_name: str
    client: str
    contractor: str
    period: str
    as_of: dt.date
    sections: list[Section]

    def datasets(self) -> list[Dataset]:
        return [t.ds for s in self.sections for t in s.tables]

    def table(self, name: str) -> Dataset:
        for ds in self.datasets():
            if ds.name == name:
                return ds
        raise KeyError(name)


def month_label(day: dt.date) -> str:
    """令和6年12月"""
    return f"{era_year_label(day)}{day.month}月"


def percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"
