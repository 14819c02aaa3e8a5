"""analysis._pattern: TextBlob's tokenizer and pattern lexicon without NLTK, and the real
textblob package still importable after it."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_pattern_modules_load_without_nltk_and_leave_textblob_importable():
    out = _run("""
        import sys
        from analysis._pattern import pattern_modules
        text, en = pattern_modules()
        assert pattern_modules() == (text, en)           # loaded once
        assert len(en.sentiment) > 2000
        ours = en.sentiment.tokenizer("Hello world. It's good :) (!)")
        leaked = [m for m in sys.modules if m.split(".")[0] in ("nltk", "scipy", "textblob")]
        print("leaked", leaked)
        from textblob import TextBlob                    # the real package, as usual
        import textblob.en
        assert "nltk" in sys.modules and textblob.en is not en
        assert dict(textblob.en.sentiment) == dict(en.sentiment)
        assert textblob.en.sentiment.tokenizer("Hello world. It's good :) (!)") == ours
        print("tb", TextBlob("a very good and terrible day").sentiment)
        print("ours", en.sentiment("a very good and terrible day"))
    """)
    assert "leaked []" in out
    tb = out.split("tb Sentiment(polarity=")[1].split(",")[0]
    assert out.split("ours (")[1].split(",")[0] == tb


def test_pattern_modules_reuse_an_imported_textblob():
    out = _run("""
        import textblob.en, textblob._text
        from analysis._pattern import pattern_modules
        text, en = pattern_modules()
        print(text is textblob._text, en is textblob.en)
    """)
    assert out.split() == ["True", "True"]


def test_plural_nouns_come_from_the_shipped_brill_lexicon_without_nltk():
    out = _run("""
        import sys
        from analysis._pattern import plural_nouns
        words = plural_nouns()
        print(len(words) > 8000, sorted(w for w in
              "farmers ministers unions banks harris democrats news police".split() if w in words))
        print("leaked", [m for m in sys.modules if m.split(".")[0] in ("nltk", "textblob")])
    """)
    assert "True ['banks', 'democrats', 'farmers', 'ministers', 'unions']" in out
    assert "leaked []" in out
