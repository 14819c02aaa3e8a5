"""analysis._csvrows: CSV records with their first line, and broken quoting as an error naming
the line where the broken field starts."""

from __future__ import annotations

import csv
import io

import pytest

from analysis import _csvrows
from analysis._csvrows import read_records
from analysis.errors import CorpusError

VALID = [
    'a,b,c\n1,2,"x\ny"\n3,4,z\n',
    'a,b,c\r\n1,2,"x\r\ny"\r\n\r\n3,4,z',
    'a,b\n5" screen,2\n"say ""hi""\nthere",3\n',
    'a;b\rx;"y;z"\r',
    "",
    "a,b\n",
]


@pytest.mark.parametrize("text", VALID)
def test_valid_files_read_as_csv_reader_reads_them(text):
    delimiter = ";" if ";" in text else ","
    got = list(read_records(io.StringIO(text, newline=""), origin="f.csv", error=CorpusError,
                            delimiter=delimiter))
    assert [values for _, values in got] == list(
        csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    )


def test_records_carry_the_line_they_start_on():
    text = 'a,b\n1,"two\nlines"\n\n3,x\n'
    got = list(read_records(io.StringIO(text, newline=""), origin="f.csv", error=CorpusError,
                            first_line=10))
    assert got == [(10, ["a", "b"]), (11, ["1", "two\nlines"]), (13, []), (14, ["3", "x"])]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('a,b\n1,"x\n2,y\n3,z\n',
         r'f\.csv: line 2: a field opened with " on this line is never closed \(it would run to '
         r"the end of the file, line 4\)"),
        ('a,b\n1,"x\n2,y\n3,z',
         r"f\.csv: line 2: .* never closed \(it would run to the end of the file, line 4\)"),
        ('"a,b\n1,2\n', r"f\.csv: line 1: .* never closed"),
        ('a,b\n1,x\n2,"y\n3,"z"\n4,w\n',
         r'f\.csv: line 3: .* never closed \(the " on line 4 was read as its end\)'),
        ('a,b\n1,"x" y\n', r'f\.csv: line 2: text after the closing " of a quoted field'),
    ],
)
def test_broken_quoting_names_the_line_where_the_field_starts(text, message):
    with pytest.raises(CorpusError, match=message):
        list(read_records(io.StringIO(text, newline=""), origin="f.csv", error=CorpusError))


def test_end_of_file_in_a_quote_is_found_without_a_strict_reader(monkeypatch):
    """A csv reader that saves the open field at the end of the file instead of raising: the
    last record's own lines are scanned."""
    lenient = csv.reader
    monkeypatch.setattr(_csvrows.csv, "reader", lambda *a, **k: lenient(*a, **{**k, "strict": False}))
    text = 'a,b\n1,x\n2,"y\n3,z\n'
    with pytest.raises(CorpusError, match=r"f\.csv: line 3: .* never closed"):
        list(read_records(io.StringIO(text, newline=""), origin="f.csv", error=CorpusError))
    ok = 'a,b\n1,"x\ny"\n'
    assert list(read_records(io.StringIO(ok, newline=""), origin="f.csv", error=CorpusError)) == [
        (1, ["a", "b"]), (2, ["1", "x\ny"])
    ]
