"""analysis.pipeline: the spine in one call, and filters that keep no document."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.errors import CorpusError
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
        ({"start": "2026-01-01", "end": "2025-12-31"},
         "no documents match the filters (from 2026-01-01; to 2025-12-31): the corpus has 5 "
         "documents, dated 2025-03-11 to 2026-01-06"),
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
    with pytest.raises(CorpusError) as exc:
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
