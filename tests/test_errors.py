"""analysis.errors: user-facing errors name the file and what to do."""

from __future__ import annotations

import pytest

from analysis.agreement import CodingError, read_codings
from analysis.errors import LexiconError, ParameterError, check_choice, read_utf8_file
from analysis.lexicons import read_lexicon_file
from analysis.validate import AnnotationError, load_annotations


def test_read_utf8_file_drops_the_bom_and_names_the_problem(tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes("\ufeffterm,category\ntyrant,label\n".encode())
    assert read_utf8_file(good, what="lexicon file", error=LexiconError).startswith("term,")
    with pytest.raises(LexiconError, match=r"missing\.csv: lexicon file not found"):
        read_utf8_file(tmp_path / "missing.csv", what="lexicon file", error=LexiconError)
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("term\ncaf\xe9\n".encode("latin-1"))
    with pytest.raises(LexiconError, match=r"latin1\.csv: not valid UTF-8 at byte offset 8 "
                                           r"\(line 2\); re-encode the file as UTF-8 \(in Excel: "
                                           r"Save As, 'CSV UTF-8'"):
        read_utf8_file(bad, what="lexicon file", error=LexiconError)
    with pytest.raises(LexiconError, match=r": a folder, not a lexicon file; give the path"):
        read_utf8_file(tmp_path, what="lexicon file", error=LexiconError)
    # line ends as in text mode, as before
    crlf = tmp_path / "crlf.csv"
    crlf.write_bytes(b'term,rationale\r\nx,"two\r\nlines"\rend\n')
    assert read_utf8_file(crlf, what="lexicon file", error=LexiconError) == (
        'term,rationale\nx,"two\nlines"\nend\n'
    )


@pytest.mark.parametrize(
    ("reader", "error", "what"),
    [
        (read_lexicon_file, LexiconError, "lexicon file"),
        (load_annotations, AnnotationError, "annotation file"),
        (read_codings, CodingError, "coding file"),
    ],
)
def test_every_reader_of_a_users_file_reports_it_the_same_way(tmp_path, reader, error, what):
    with pytest.raises(error, match=rf"nope\.csv: {what} not found"):
        reader(tmp_path / "nope.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"id,text\n1,\xff\n")
    with pytest.raises(error, match=r"bad\.csv: not valid UTF-8 at byte offset 10"):
        reader(bad)


def test_check_choice_lists_the_allowed_values():
    check_choice("level", "word", ("word", "sentence"))
    with pytest.raises(ParameterError, match="level='token' is not allowed; choose one of: 'word', 'sentence'"):
        check_choice("level", "token", ("word", "sentence"))
