"""analysis.pipeline: the spine in one call, and filters that keep no document."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.compare import add_period
from analysis.errors import CorpusError, ParameterError
from analysis.pipeline import load_filtered, prepare_corpus
from tests.conftest import SEEDS


def test_filters_keep_what_they_match():
    kept = load_filtered(SEEDS, outlets=["BBC News", "Al Jazeera"], start="2026-01-01")
    assert sorted(kept["doc_id"]) == ["001", "003"]
    prepared = prepare_corpus(SEEDS, start="2026-01-01")
    assert sorted(prepared.documents["doc_id"]) == ["001", "002", "003"]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"start": "2027-01-01"},
         "no documents match the filters (from 2027-01-01): the corpus has 5 documents, dated "
         "2025-03-11 to 2026-01-06; widen or drop the filters"),
        ({"start": "2026-01-01", "end": "2025-12-31"},  # the corpus is not read
         "start='2026-01-01' is after end='2025-12-31'; the start must be on or before the end"),
        ({"outlets": ["BBC News"], "end": "2025-01-01"},
         "no documents match the filters (outlets 'BBC News'; to 2025-01-01): 'BBC News' has 1 "
         "document, dated 2026-01-06"),
        ({"outlets": ["BBC News", "Al Jazeera"], "start": "2026-01-07"},
         "(outlets 'BBC News', 'Al Jazeera'; from 2026-01-07): these outlets have 2 documents, "
         "dated 2026-01-06"),
        ({"outlets": []}, "no documents match the filters (outlets none): the outlet list is empty"),
    ],
)
def test_filters_that_keep_no_document_are_an_error_saying_what_there_is(filters, message):
    with pytest.raises((CorpusError, ParameterError)) as exc:
        prepare_corpus(SEEDS, **filters)
    assert message in str(exc.value)


def test_undated_documents_are_counted(tmp_path: Path):
    corpus = tmp_path / "c.csv"
    columns = {"title_column": None, "url_column": None, "language_column": None}
    corpus.write_text(
        "doc_id,outlet,date,text\na,X,2025-05-01,One.\nb,X,,Two.\nc,X,,Three.\n", encoding="utf-8"
    )
    with pytest.raises(CorpusError, match=r"the corpus has 3 documents, dated 2025-05-01 \(2 "
                       r"without a date\)"):
        prepare_corpus(corpus, start="2025-06-01", **columns)
    corpus.write_text("doc_id,outlet,date,text\na,X,,One.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"the corpus has 1 document, none with a date"):
        prepare_corpus(corpus, end="2025-06-01", **columns)


def _timed_corpus(path: Path) -> Path:
    # the seeds' BBC article, written at four local times of 2026-01-06 and 1 January 00:30 in
    # Berlin: Media Cloud's publish_date, ISO with Z and offsets, RSS
    text = (SEEDS / "003_f8c39a15cec7a091.txt").read_text(encoding="utf-8")
    dates = ["2026-01-06 08:30:00", "2026-01-06T15:00:00Z", "2026-01-06T09:00:00+01:00",
             "Tue, 06 Jan 2026 23:30:00 -0500", "2026-01-01T00:30:00+01:00"]
    pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(dates))],
        "outlet": ["BBC News", "Al Jazeera", "BBC News", "Al Jazeera", "BBC News"],
        "publish_date": dates,
        "text": [text] * len(dates),
    }).to_csv(path, index=False)
    return path


def test_an_end_day_keeps_the_articles_with_a_time_and_offsets_keep_the_local_day(tmp_path: Path):
    corpus = _timed_corpus(tmp_path / "timed.csv")
    options = {"date_column": "publish_date", "title_column": None}
    # an audit found end_date=2026-01-06 keeping 3 of these 5 (compared with midnight, and
    # the Berlin-midnight one moved to 31 December in UTC)
    prepared = prepare_corpus(corpus, end="2026-01-06", **options)
    assert prepared.documents["doc_id"].tolist() == ["d0", "d1", "d2", "d3", "d4"]
    days = prepared.documents.set_index("doc_id")["date"].dt.strftime("%Y-%m-%d").to_dict()
    assert days == {"d0": "2026-01-06", "d1": "2026-01-06", "d2": "2026-01-06", "d3": "2026-01-06",
                    "d4": "2026-01-01"}
    # the sentence table carries the documents' dates, and the per-month series sees January
    sentences = prepared.sentences
    assert sentences.groupby("doc_id")["date"].first().dt.strftime("%Y-%m-%d").to_dict() == days
    periods = add_period(sentences, freq="month").groupby("doc_id")["period"].first()
    assert set(periods) == {"2026-01"}
    assert load_filtered(corpus, start="2026-01-06", **options)["doc_id"].tolist() == \
        ["d0", "d1", "d2", "d3"]
    assert load_filtered(corpus, end="2026-01-01", **options)["doc_id"].tolist() == ["d4"]
    with pytest.raises(CorpusError, match=r"no documents match the filters \(to 2025-12-31\): the "
                                          r"corpus has 5 documents, dated 2026-01-01 to 2026-01-06"):
        load_filtered(corpus, end="2025-12-31", **options)


def test_date_format_and_strict_bounds_go_through_the_pipeline(tmp_path: Path):
    corpus = tmp_path / "eu.csv"
    corpus.write_text("doc_id,outlet,date,text\na,X,11.03.2025,One.\nb,X,01.06.2025,Two.\n",
                      encoding="utf-8")
    columns = {"title_column": None}
    with pytest.raises(CorpusError, match=r"eu\.csv: line 2: cannot read date '11\.03\.2025': day "
                                          r"and month could be either way round"):
        prepare_corpus(corpus, **columns)
    prepared = prepare_corpus(corpus, date_format="%d.%m.%Y", start="2025-06-01", **columns)
    assert prepared.documents["doc_id"].tolist() == ["b"]
    assert prepared.load_options["date_format"] == "%d.%m.%Y"
    # a bound is a day written YYYY-MM-DD, whatever the corpus's date_format
    with pytest.raises(ParameterError, match=r"start='01\.06\.2025' is not a date: day and month"):
        prepare_corpus(corpus, date_format="%d.%m.%Y", start="01.06.2025", **columns)
