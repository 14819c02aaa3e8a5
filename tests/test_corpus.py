"""analysis.corpus: loading every supported format, and clear errors for bad input."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import (
    CorpusWarning,
    filter_corpus,
    fingerprint_corpus,
    iter_corpus,
    load_corpus,
)
from analysis.errors import CorpusError, ParameterError
from tests.conftest import SEEDS


def test_seeds_load_with_manifest_metadata():
    docs = load_corpus(SEEDS)
    assert docs["doc_id"].tolist() == ["000", "001", "002", "003", "004"]
    assert docs.set_index("doc_id")["outlet"].to_dict() == {
        "000": "World News Actuality",
        "001": "Al Jazeera",
        "002": "Unidentified republisher",
        "003": "BBC News",
        "004": "UK tabloid (unnamed)",
    }
    assert docs.set_index("doc_id").loc["004", "date"] == pd.Timestamp("2025-03-11")
    assert docs.set_index("doc_id").loc["003", "title"].startswith("Macron hosts Ukraine")
    assert docs["text"].str.contains("tyrant Putin").sum() == 1
    assert docs["source"].str.endswith(".txt").all()
    assert docs["source_line"].tolist() == [2, 3, 4, 5, 6]


def test_fingerprint_is_stable_and_sensitive():
    docs = load_corpus(SEEDS)
    fp = fingerprint_corpus(docs)
    assert fp == fingerprint_corpus(load_corpus(SEEDS))
    assert fp == fingerprint_corpus(docs.iloc[::-1])  # row order does not matter
    edited = docs.copy()
    edited.loc[4, "text"] = edited.loc[4, "text"].replace("tyrant", "President")
    assert fingerprint_corpus(edited) != fp
    retitled = docs.copy()
    retitled["title"] = "x"
    assert fingerprint_corpus(retitled) == fp  # other metadata is not part of the fingerprint
    # an article moved to another outlet, or re-dated, changes every per-outlet number: and the
    # fingerprint (a review found it unchanged)
    moved = docs.copy()
    moved.loc[3, "outlet"] = "Al Jazeera"
    assert fingerprint_corpus(moved) != fp
    redated = docs.copy()
    redated.loc[3, "date"] = redated.loc[3, "date"] - pd.Timedelta(days=365)
    assert fingerprint_corpus(redated) != fp
    assert len(fp) == 64


def _seed_frame() -> pd.DataFrame:
    docs = load_corpus(SEEDS)
    return docs[["doc_id", "outlet", "date", "title", "text"]].assign(
        date=docs["date"].dt.strftime("%Y-%m-%d")
    )


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_tabular_formats_round_trip(tmp_path: Path, fmt: str):
    frame = _seed_frame()
    path = tmp_path / f"corpus.{fmt}"
    if fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        frame.to_parquet(path)
    docs = load_corpus(path, url_column=None, language_column=None)
    assert docs["doc_id"].tolist() == frame["doc_id"].tolist()
    assert docs["text"].tolist() == frame["text"].tolist()
    assert fingerprint_corpus(docs) == fingerprint_corpus(load_corpus(SEEDS))


def test_media_cloud_export_loads_by_naming_columns(tmp_path: Path):
    frame = _seed_frame()
    mc = pd.DataFrame(
        {
            "id": [f"mc{i}" for i in range(len(frame))],
            "indexed_date": "2026-01-07 10:00:00",
            "language": "en",
            "media_name": frame["outlet"],
            "media_url": "example.org",
            "publish_date": frame["date"] + " 08:30:00",
            "title": frame["title"],
            "url": [f"https://example.org/{i}" for i in range(len(frame))],
            "text": frame["text"],
        }
    )
    path = tmp_path / "mediacloud-stories.csv"
    mc.to_csv(path, index=False)
    docs = load_corpus(
        path, id_column="id", outlet_column="media_name", date_column="publish_date"
    )
    assert docs["doc_id"].tolist() == [f"mc{i}" for i in range(5)]
    assert docs.loc[3, "outlet"] == "BBC News"
    assert docs.loc[3, "date"] == pd.Timestamp("2026-01-06 08:30:00")
    assert docs.loc[0, "url"] == "https://example.org/0"
    assert "indexed_date" in docs.columns and "media_url" in docs.columns  # metadata kept


def test_rows_without_ids_are_numbered(tmp_path: Path):
    path = tmp_path / "c.csv"
    pd.DataFrame({"outlet": ["A", "B"], "text": ["One text.", "Two."]}).to_csv(path, index=False)
    docs = load_corpus(path, id_column=None, date_column=None, title_column=None,
                       url_column=None, language_column=None)
    assert docs["doc_id"].tolist() == ["row-000002", "row-000003"]  # the CSV line numbers


def _write_table(frame: pd.DataFrame, path: Path) -> Path:
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        frame.to_parquet(path)
    return path


def _streamed(path: Path, **options) -> pd.DataFrame:
    chunks = list(iter_corpus(path, chunk_size=1, **options))
    return pd.concat(chunks).sort_values("doc_id", kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_url_and_language_are_read_where_the_file_has_them(tmp_path: Path, fmt: str):
    bare = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "outlet": ["BBC News", "Al Jazeera"],
            "date": ["2025-06-02", "2025-06-03"],
            "title": ["Talks", "Truce"],
            "text": ["Talks resumed.", "The truce held, officials said."],
        }
    )
    full = bare.assign(url=["https://bbc.example/1", "https://aje.example/2"], language="en")
    without = load_corpus(_write_table(bare, tmp_path / f"bare.{fmt}"))
    with_them = load_corpus(_write_table(full, tmp_path / f"full.{fmt}"))
    assert without["url"].tolist() == ["", ""] and without["language"].tolist() == ["", ""]
    assert with_them["url"].tolist() == ["https://bbc.example/1", "https://aje.example/2"]
    assert with_them["language"].tolist() == ["en", "en"]
    assert without.columns.tolist() == with_them.columns.tolist()
    pd.testing.assert_series_equal(without.dtypes, with_them.dtypes)
    assert without["text"].tolist() == ["Talks resumed.", "The truce held, officials said."]
    pd.testing.assert_frame_equal(_streamed(tmp_path / f"bare.{fmt}"), without)
    pd.testing.assert_frame_equal(_streamed(tmp_path / f"full.{fmt}"), with_them)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_a_named_url_or_language_column_must_be_there(tmp_path: Path, fmt: str):
    frame = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": ["2025-06-02"],
                          "title": ["T"], "text": ["Text."]})
    path = _write_table(frame, tmp_path / f"c.{fmt}")
    for options, message in (
        ({"url_column": "url"}, r"no column 'url' \(for url\); if the file has none: "
                                r"url_column=None \(--url-column ''\)"),
        ({"url_column": "link"}, r"no column 'link' \(for url\)"),
        ({"language_column": "lang"}, r"no column 'lang' \(for language\)"),
    ):
        with pytest.raises(CorpusError, match=rf"c\.{fmt}: line 1: {message}"):
            load_corpus(path, **options)
        with pytest.raises(CorpusError, match=rf"c\.{fmt}: line 1: {message}"):
            _streamed(path, **options)


NO_META = {"date_column": None, "title_column": None}


def test_quoted_texts_over_several_lines_still_load(tmp_path: Path):
    path = tmp_path / "c.csv"
    path.write_bytes(
        b'doc_id,outlet,text\r\na,X,"First paragraph.\r\n\r\nSecond, with ""quotes""."\r\n'
        b'b,Y,5" screens\r\n\r\nc,Z,"Last\nline"'
    )
    docs = load_corpus(path, **NO_META)
    assert docs["text"].tolist() == [
        'First paragraph.\r\n\r\nSecond, with "quotes".', '5" screens', "Last\nline"
    ]
    assert docs["source_line"].tolist() == [2, 5, 7]  # the line each row starts on
    pd.testing.assert_frame_equal(_streamed(path, **NO_META), docs)


@pytest.mark.parametrize("reader", ["load", "stream"])
def test_unclosed_quote_names_the_line_where_the_field_starts(tmp_path: Path, reader: str):
    read = load_corpus if reader == "load" else _streamed
    path = tmp_path / "c.csv"
    # to the end of the file: once the rows after it became one text of 'b'
    path.write_text(
        'doc_id,outlet,text\na,X,Fine.\nb,Y,"Opened and never closed.\nc,Z,Third.\n'
        "d,Z,Fourth.\n",
        encoding="utf-8",
    )
    with pytest.raises(
        CorpusError,
        match=r'c\.csv: line 3: a field opened with " on this line is never closed \(it would '
        r"run to the end of the file, line 5\); check the quoting",
    ):
        read(path, **NO_META)
    # closed by the quote that opens a later field: once 'c' was swallowed into 'b'
    path.write_text(
        'doc_id,outlet,text\na,X,Fine.\nb,Y,"Opened and never closed.\nc,Z,"Quoted."\n'
        "d,Z,Fourth.\n",
        encoding="utf-8",
    )
    with pytest.raises(
        CorpusError,
        match=r'c\.csv: line 3: a field opened with " on this line is never closed \(the " on '
        r"line 4 was read as its end\)",
    ):
        read(path, **NO_META)
    # text after a closing quote on the same line
    path.write_text('doc_id,outlet,text\na,X,"Quoted" and not,\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r'c\.csv: line 2: text after the closing " of a'):
        read(path, **NO_META)


# ---------------------------------------------------------------------------------- bad input


def _folder(tmp_path: Path, files: dict[str, bytes], manifest: str) -> Path:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "manifest.csv").write_text(manifest, encoding="utf-8")
    return tmp_path


def test_non_utf8_file_names_file_and_byte_offset(tmp_path: Path):
    _folder(tmp_path, {"a.txt": "Caf\xe9 talks.".encode("latin-1")}, "doc_id,outlet\na,X\n")
    with pytest.raises(CorpusError, match=r"a\.txt: not valid UTF-8 at byte offset 3 \(line 1\)"):
        load_corpus(tmp_path)


def test_non_utf8_fallback_warns_and_decodes(tmp_path: Path):
    _folder(tmp_path, {"a.txt": "Caf\xe9 talks \x93here\x94.".encode("latin-1")}, "doc_id,outlet\na,X\n")
    with pytest.warns(CorpusWarning, match=r"a\.txt: not valid UTF-8.*Windows-1252"):
        docs = load_corpus(tmp_path, encoding_errors="fallback")
    assert docs.loc[0, "text"] == "Café talks “here”."


def test_binary_file_is_an_error(tmp_path: Path):
    _folder(tmp_path, {"a.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, "doc_id,outlet\na,X\n")
    with pytest.raises(CorpusError, match=r"a\.txt: looks like a binary file"):
        load_corpus(tmp_path)


def test_empty_document_is_skipped_with_warning(tmp_path: Path):
    # the text file has no line to point at: the manifest's line is named as the manifest's
    # (an audit found "b.txt: line 3", the manifest's line number against the .txt path)
    _folder(tmp_path, {"a.txt": b"Real text.", "b.txt": b"  \n\t \n", "c.txt": b""},
            "doc_id,outlet\na,X\nb,Y\nc,Z\n")
    for read in (load_corpus, _streamed):
        with pytest.warns(CorpusWarning) as record:
            docs = read(tmp_path)
        assert [str(w.message) for w in record] == [
            f"{tmp_path / 'b.txt'}: document 'b' (line 3 of manifest.csv) is empty; skipped",
            f"{tmp_path / 'c.txt'}: document 'c' (line 4 of manifest.csv) is empty; skipped",
        ]
        assert docs["doc_id"].tolist() == ["a"]
    # in a CSV the line is the file's own
    path = tmp_path / "c.csv"
    path.write_text("doc_id,outlet,text\na,X,Text.\nb,X,\n", encoding="utf-8")
    with pytest.warns(CorpusWarning) as record:
        load_corpus(path, **NO_META)
    assert [str(w.message) for w in record] == [f"{path}: line 3: document 'b' is empty; skipped"]


def test_duplicate_doc_ids_are_an_error(tmp_path: Path):
    _folder(tmp_path, {"a.txt": b"A.", "b.txt": b"B."}, "doc_id,outlet,file\na,X,a.txt\na,Y,b.txt\n")
    with pytest.raises(CorpusError, match=r"manifest\.csv: line 3: duplicate doc_id 'a' \(first on line 2\)"):
        load_corpus(tmp_path)


def test_manifest_row_without_file_is_an_error(tmp_path: Path):
    _folder(tmp_path, {"a.txt": b"A."}, "doc_id,outlet\na,X\nghost,Y\n")
    with pytest.raises(CorpusError, match=r"manifest\.csv: line 3: file 'ghost\.txt' for doc_id 'ghost' is not in"):
        load_corpus(tmp_path)


def test_file_without_manifest_row_is_skipped_with_warning(tmp_path: Path):
    _folder(tmp_path, {"a.txt": b"A.", "stray.txt": b"Stray."}, "doc_id,outlet\na,X\n")
    with pytest.warns(CorpusWarning, match=r"stray\.txt: file has no row in manifest\.csv; skipped"):
        docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["a"]


def test_missing_manifest_and_missing_column(tmp_path: Path):
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    with pytest.raises(CorpusError, match="manifest not found"):
        load_corpus(tmp_path)
    (tmp_path / "manifest.csv").write_text("doc_id,date\na,2025-01-01\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"manifest\.csv: line 1: missing required column\(s\) outlet"):
        load_corpus(tmp_path)


def test_missing_text_column_names_the_option(tmp_path: Path):
    path = tmp_path / "c.csv"
    pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "body": ["Hi."]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"c\.csv: line 1: missing required column 'text'.*text_column="):
        load_corpus(path, date_column=None, title_column=None, url_column=None, language_column=None)
    docs = load_corpus(path, text_column="body", date_column=None, title_column=None,
                       url_column=None, language_column=None)
    assert docs.loc[0, "text"] == "Hi."


def test_bad_date_names_line(tmp_path: Path):
    _folder(tmp_path, {"a.txt": b"A.", "b.txt": b"B."}, "doc_id,outlet,date\na,X,2025-01-01\nb,X,last Tuesday\n")
    with pytest.raises(CorpusError, match=r"line 3: cannot read date 'last Tuesday'"):
        load_corpus(tmp_path)


def test_broken_jsonl_line_is_named(tmp_path: Path):
    path = tmp_path / "c.jsonl"
    good = json.dumps({"doc_id": "a", "outlet": "X", "text": "Fine."})
    path.write_text(good + "\n{\"doc_id\": \"b\", \"outlet\": \n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.jsonl: line 2: not valid JSON"):
        load_corpus(path, date_column=None, title_column=None, url_column=None, language_column=None)


def test_ragged_csv_row_is_named(tmp_path: Path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,outlet,text\na,X,Fine.\nb,Y,Unquoted, comma\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.csv: line 3: 4 fields where the header has 3"):
        load_corpus(path, date_column=None, title_column=None, url_column=None, language_column=None)


def test_unclosed_quote_in_a_manifest_names_the_line(tmp_path: Path):
    _folder(tmp_path, {"a.txt": b"A.", "b.txt": b"B."},
            'doc_id,outlet,title\na,X,"Unclosed title\nb,Y,Fine\n')
    with pytest.raises(CorpusError, match=r'manifest\.csv: line 2: a field opened with "'):
        load_corpus(tmp_path)


def test_unknown_format_and_bad_option():
    with pytest.raises(ParameterError, match=r"format='docx' is not allowed; choose one of: 'auto'"):
        load_corpus(SEEDS, format="docx")  # type: ignore[arg-type]
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(SEEDS / "nope.csv")


def test_filter_by_outlet_and_dates():
    docs = load_corpus(SEEDS)
    assert filter_corpus(docs, outlets=["BBC News"])["doc_id"].tolist() == ["003"]
    # one name is one outlet, not its letters ('B', 'B', 'C', …)
    assert filter_corpus(docs, outlets="BBC News")["doc_id"].tolist() == ["003"]
    assert filter_corpus(docs, start="2026-01-01")["doc_id"].tolist() == ["001", "002", "003"]
    assert filter_corpus(docs, end="2025-12-31")["doc_id"].tolist() == ["000", "004"]
    with pytest.raises(CorpusError, match=r"unknown outlet\(s\) 'BBC'; the corpus has: 'Al Jazeera'"):
        filter_corpus(docs, outlets=["BBC"])


def test_no_warning_on_clean_seeds():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_corpus(SEEDS)


# --------------------------------------------------------------------------------------------
# dates: read strictly (an audit found pd.Timestamp guessing: 11.03.2025 became 3 November and
# 13.03.2025 13 March in the same column, "today" the day of the build)


def _dated(tmp_path: Path, dates: list[object], *, fmt: str = "csv", **columns: list[str]) -> Path:
    frame = pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(dates))],
        "outlet": columns.pop("outlet", ["X"] * len(dates)),
        "date": dates,
        "text": [f"Text {i}." for i in range(len(dates))],
        **columns,
    })
    return _write_table(frame, tmp_path / f"dated.{fmt}")


def _dates(path: Path, **options) -> list[str]:
    docs = load_corpus(path, title_column=None, **options)
    assert docs["date"].dtype == "datetime64[us]"
    return [str(d) for d in docs["date"]]


def test_iso_8601_and_rfc_2822_dates_are_read_as_written(tmp_path: Path):
    written = [
        "2025-06-01",
        "2025-06-01 12:34:56",                 # Media Cloud's publish_date
        "2025-06-01T12:34:56.123456789",       # a fraction is cut to microseconds
        "2025-06-01T15:00:00Z",
        "2025-06-01T15:00Z",
        "2026-01-06T00:30:00+01:00",           # the offset is dropped, not converted
        "2025-06-01T23:30:00-0500",
        "2025-06-01t23:30:00+05",
        "Sun, 01 Jun 2025 12:00:00 +0000",     # RSS pubDate
        "1 Jun 2025 12:00 GMT",
        "Thu, 01 Jan 2026 00:15:00 +0100",
        "",                                    # no date
    ]
    path = _dated(tmp_path, written)
    expected = [
        "2025-06-01 00:00:00", "2025-06-01 12:34:56", "2025-06-01 12:34:56.123456",
        "2025-06-01 15:00:00", "2025-06-01 15:00:00", "2026-01-06 00:30:00",
        "2025-06-01 23:30:00", "2025-06-01 23:30:00", "2025-06-01 12:00:00",
        "2025-06-01 12:00:00", "2026-01-01 00:15:00", "NaT",
    ]
    # doc ids d0 … d11 sort as text: d0, d1, d10, d11, d2 …
    by_id = dict(zip([f"d{i}" for i in range(len(written))], expected, strict=True))
    assert _dates(path) == [by_id[k] for k in sorted(by_id)]
    streamed = _streamed(path, title_column=None)
    assert [str(d) for d in streamed["date"]] == [by_id[k] for k in sorted(by_id)]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11.03.2025", r"'11\.03\.2025': day and month could be either way round "
                       r"\(11\.03\.2025: 11 March or November 3\?\); name the column's order with "
                       r"date_format='%d\.%m\.%Y' or '%m\.%d\.%Y' \(--date-format '%d\.%m\.%Y'; "
                       r"in a report -p date_format=%d\.%m\.%Y\)$"),
        # not read day-first just because 13 cannot be a month: the column is one format
        ("13.03.2025", r"'13\.03\.2025': day and month could be either way round"),
        ("06/01/2026", r"date_format='%d/%m/%Y' or '%m/%d/%Y'"),
        ("06-01-26", r"date_format='%d-%m-%y' or '%m-%d-%y'"),
        ("today", r"'today': a relative date is another day each time the corpus is read; write "
                  r"the day it stands for as YYYY-MM-DD$"),
        ("Now", r"'Now': a relative date"),
        ("2025", r"'2025': a year or a month alone is not a day; give the day as YYYY-MM-DD, or "
                 r"leave the cell empty$"),
        ("2025-03", r"'2025-03': a year or a month alone is not a day"),
        ("nan", r"'nan': it is not a date; leave the cell empty for a document without a date$"),
        ("NaT", r"'NaT': it is not a date"),
        ("unknown", r"'unknown': it is not a date; leave the cell empty"),
        ("2025-02-30", r"'2025-02-30': not a valid date \(day is out of range for month\)$"),
        ("2025-06-01T24:00:00", r"not a valid date \(hour must be in 0\.\.23\)$"),
        ("2025-06-01T12:00:00+25:00", r"not a valid date \(the offset \+25:00 is out of range\)$"),
        ("Mon, 01 Jun 2025 12:00:00 +0000",
         r"2025-06-01 is a Sunday, not a Mon: the date or the weekday is wrong$"),
        ("last Tuesday", r"'last Tuesday': not an ISO 8601 or RFC 2822 date; write dates as ISO "
                         r"8601 \(2025-03-11, 2025-03-11T15:00:00\+01:00\) or name the column's "
                         r"format with date_format"),
        ("20250601", r"'20250601': not an ISO 8601 or RFC 2822 date"),
        ("1 June 2025", r"'1 June 2025': not an ISO 8601 or RFC 2822 date"),
    ],
)
def test_a_date_that_is_not_iso_or_rfc_2822_is_an_error_naming_file_line_and_value(
    tmp_path: Path, value: str, message: str
):
    path = _dated(tmp_path, ["2025-06-01", value])
    for read in (load_corpus, _streamed):
        with pytest.raises(CorpusError, match=rf"^{path}: line 3: cannot read date .*{message}"):
            read(path, title_column=None)


def test_a_json_number_or_a_bad_manifest_date_is_an_error_too(tmp_path: Path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"doc_id": "a", "outlet": "X", "date": 2025, "text": "T."}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.jsonl: line 1: cannot read date 2025: a year or a "
                                          r"month alone is not a day"):
        load_corpus(path, title_column=None)
    path.write_text('{"doc_id": "a", "outlet": "X", "date": 1741651200, "text": "T."}\n'
                    '{"doc_id": "b", "outlet": "X", "date": true, "text": "T."}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.jsonl: line 1: cannot read date 1741651200: a number "
                                          r"is not a date \(a count of seconds or days since 1970 "
                                          r"is not read\); write dates as ISO 8601 text"):
        load_corpus(path, title_column=None)
    path.write_text('{"doc_id": "b", "outlet": "X", "date": true, "text": "T."}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"line 1: cannot read date True: a bool is not a date$"):
        load_corpus(path, title_column=None)
    path.write_text('{"doc_id": "b", "outlet": "X", "date": null, "text": "T."}\n', encoding="utf-8")
    assert load_corpus(path, title_column=None)["date"].isna().all()  # null: no date
    folder = tmp_path / "f"
    folder.mkdir()
    _folder(folder, {"a.txt": b"A.", "b.txt": b"B."},
            "doc_id,outlet,date\na,X,2025-01-01\nb,X,01.02.2025\n")
    for read in (load_corpus, _streamed):
        with pytest.raises(CorpusError, match=r"manifest\.csv: line 3: cannot read date "
                                              r"'01\.02\.2025': day and month"):
            read(folder)


def test_date_format_reads_the_column_as_named_and_only_so(tmp_path: Path):
    path = _dated(tmp_path, ["11.03.2025", "13.03.2025", "01.06.2025", ""])
    assert _dates(path, date_format="%d.%m.%Y") == [
        "2025-03-11 00:00:00", "2025-03-13 00:00:00", "2025-06-01 00:00:00", "NaT",
    ]
    assert _dates(_dated(tmp_path, ["06/01/2026"]), date_format="%m/%d/%Y") == ["2026-06-01 00:00:00"]
    # an offset in a format is dropped as in ISO dates: the time as written
    assert _dates(_dated(tmp_path, ["06.01.2026 00:30 +0100"]),
                  date_format="%d.%m.%Y %H:%M %z") == ["2026-01-06 00:30:00"]
    # a named format is the only one read: an ISO date in that column is an error
    mixed = _dated(tmp_path, ["11.03.2025", "2025-03-12"])
    for read in (load_corpus, _streamed):
        with pytest.raises(CorpusError, match=r"dated\.csv: line 3: cannot read date '2025-03-12': "
                                              r"it does not match date_format '%d\.%m\.%Y'; fix the "
                                              r"date or the format$"):
            read(mixed, title_column=None, date_format="%d.%m.%Y")
    folder = tmp_path / "f"
    folder.mkdir()
    _folder(folder, {"a.txt": b"A."}, "doc_id,outlet,date\na,X,11.03.2025\n")
    assert str(load_corpus(folder, date_format="%d.%m.%Y").loc[0, "date"]) == "2025-03-11 00:00:00"


@pytest.mark.parametrize(
    ("date_format", "message"),
    [
        ("", r"date_format='': give a strptime format, e.g. date_format='%d\.%m\.%Y'"),
        ("%m/%Y", r"date_format='%m/%Y': the format must name a whole day \(a year %Y, a month "
                  r"%m/%b/%B and a day %d\)"),
        ("%d.%m.", r"date_format='%d\.%m\.': the format must name a whole day"),
        ("%x", r"date_format='%x': %x read the machine's locale"),
        ("%d.%m.%Y %Q", r"date_format='%d\.%m\.%Y %Q' is not a strptime format \('Q' is a bad "
                        r"directive"),
    ],
)
def test_a_bad_date_format_is_an_error_before_anything_is_read(date_format, message):
    with pytest.raises(ParameterError, match=message):
        load_corpus(SEEDS, date_format=date_format)
    with pytest.raises(ParameterError, match=message):
        next(iter_corpus(SEEDS, date_format=date_format))


def test_offsets_keep_the_local_calendar_day(tmp_path: Path):
    # the seeds dated midnight in Berlin: each keeps its own day (an audit found them moved to
    # the previous day, converted to UTC), in the table, the fingerprint and the filters
    frame = _seed_frame()
    frame["date"] = pd.to_datetime(frame["date"]).dt.tz_localize("Europe/Berlin")
    path = tmp_path / "berlin.parquet"
    frame.to_parquet(path)
    docs = load_corpus(path)
    seeds = load_corpus(SEEDS)
    assert docs["date"].tolist() == seeds["date"].tolist()
    assert docs["date"].dt.tz is None
    assert fingerprint_corpus(docs) == fingerprint_corpus(seeds)
    assert filter_corpus(docs, start="2026-01-06")["doc_id"].tolist() == ["001", "002", "003"]
    assert filter_corpus(docs, end="2025-11-25")["doc_id"].tolist() == ["000", "004"]
    pd.testing.assert_frame_equal(_streamed(path), docs)
    # a New York evening stays on its day too (UTC would make it the next)
    ny = _dated(tmp_path, ["2025-12-31T23:30:00-05:00", "2026-01-01T00:30:00+01:00"])
    assert _dates(ny) == ["2025-12-31 23:30:00", "2026-01-01 00:30:00"]


def test_the_fingerprint_does_not_depend_on_the_day_it_is_made(tmp_path: Path):
    # "today" was read as the build's date, so the fingerprint changed every day: it is an error
    # now, and a date with a time has the fingerprint of its day
    with pytest.raises(CorpusError, match=r"'today': a relative date"):
        load_corpus(_dated(tmp_path, ["today"]), title_column=None)
    frame = _seed_frame()
    frame["date"] = frame["date"] + "T15:00:00Z"
    timed = load_corpus(_write_table(frame, tmp_path / "timed.csv"), url_column=None)
    assert fingerprint_corpus(timed) == fingerprint_corpus(load_corpus(SEEDS))


def test_the_end_day_is_kept_whole():
    # an audit found end=2026-01-06 dropping an article at 2026-01-06T15:00Z (compared with
    # midnight)
    docs = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d", "e", "f"],
        "outlet": ["X"] * 6,
        "date": pd.to_datetime(["2026-01-05 23:59:59", "2026-01-06 00:00:00", "2026-01-06 15:00:00",
                                "2026-01-06 23:59:59.999999", "2026-01-07 00:00:00", None], format="ISO8601"),
    })
    assert filter_corpus(docs, end="2026-01-06")["doc_id"].tolist() == ["a", "b", "c", "d"]
    assert filter_corpus(docs, start="2026-01-06")["doc_id"].tolist() == ["b", "c", "d", "e"]
    assert filter_corpus(docs, start="2026-01-06", end="2026-01-06")["doc_id"].tolist() == ["b", "c", "d"]
    import datetime as dt

    assert filter_corpus(docs, start=dt.date(2026, 1, 6), end=dt.date(2026, 1, 6))["doc_id"].tolist() \
        == ["b", "c", "d"]
    assert filter_corpus(docs, start=pd.Timestamp("2026-01-07 12:00"))["doc_id"].tolist() == ["e"]
    # a table with time zones made elsewhere is filtered by its local days too
    berlin = docs.assign(date=docs["date"].dt.tz_localize("Europe/Berlin"))
    assert filter_corpus(berlin, end="2026-01-06")["doc_id"].tolist() == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        ({"start": "01.06.2025"}, r"start='01\.06\.2025' is not a date: day and month could be "
                                  r"either way round .*; write the day as YYYY-MM-DD, e\.g\. "
                                  r"2025-06-01$"),
        ({"end": "today"}, r"end='today' is not a date: a relative date"),
        ({"end": "2025"}, r"end='2025' is not a date: a year or a month alone is not a day"),
        ({"end": "2025-02-30"}, r"end='2025-02-30' is not a date: day is out of range for month"),
        ({"end": "2026-01-06T12:00"}, r"end='2026-01-06T12:00' is not a date: a filter keeps whole "
                                      r"days, so give the day without a time"),
        ({"start": 20250601}, r"start=20250601 is not a date; write the day as YYYY-MM-DD"),
        ({"start": "2026-01-07", "end": "2026-01-06"},
         r"start='2026-01-07' is after end='2026-01-06'; the start must be on or before the end"),
    ],
)
def test_filter_bounds_are_read_strictly(bounds, message):
    docs = load_corpus(SEEDS)
    with pytest.raises(ParameterError, match=message):
        filter_corpus(docs, **bounds)


# --------------------------------------------------------------------------------------------
# documents not in English: scored with English lexicons, so at least a warning


def test_documents_not_in_english_are_named_in_one_warning(tmp_path: Path):
    languages = ["en", "en-GB", "English", "EN_us", "", "de", "de", "fr", "de"]
    outlets = ["BBC", "BBC", "BBC", "BBC", "BBC", "Der Spiegel", "Der Spiegel", "Le Monde", "BBC"]
    path = _dated(tmp_path, ["2025-06-01"] * 9, language=languages, outlet=outlets)
    message = (
        f"{path}: 4 of 9 documents have a language other than English in the language column "
        "('de' 3, 'fr' 1; outlets 'Der Spiegel' 2, 'BBC' 1, 'Le Monde' 1; ids 'd5', 'd6', 'd7', "
        "'d8'); framescope's lexicons, actor names, reporting verbs and sentiment are English, "
        "so these documents are scored as if they were English and show little or no loaded "
        "language, stance or attribution; leave them out (e.g. with outlets) or translate them"
    )
    for read in (load_corpus, _streamed):  # once per corpus, however many chunks
        with pytest.warns(CorpusWarning) as record:
            docs = read(path, title_column=None)
        assert [str(w.message) for w in record] == [message]
        assert docs["language"].tolist() == languages  # kept as written
    one = _dated(tmp_path, ["2025-06-01"] * 2, language=["en", "uk"], outlet=["BBC", "Ukrainska Pravda"])
    with pytest.warns(CorpusWarning, match=r"dated\.csv: 1 of 2 documents has a language other than "
                                           r"English in the language column \('uk' 1; outlets "
                                           r"'Ukrainska Pravda' 1; ids 'd1'\); framescope's"):
        load_corpus(one, title_column=None)
    # no language column, or only English: no warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_corpus(_dated(tmp_path, ["2025-06-01"] * 2, language=["en", "en-US"]), title_column=None)


def test_a_long_list_of_documents_not_in_english_is_cut(tmp_path: Path):
    n = 8
    path = _dated(tmp_path, [""] * n, language=["de"] * n,
                  outlet=[f"O{i}" for i in range(n)])
    with pytest.warns(CorpusWarning, match=r"8 of 8 documents .*\('de' 8; outlets 'O0' 1, 'O1' 1, "
                                           r"'O2' 1, 'O3' 1, 'O4' 1 and 3 more; ids 'd0', 'd1', "
                                           r"'d2', 'd3', 'd4' …\)"):
        load_corpus(path, title_column=None)
