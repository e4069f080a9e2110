from __future__ import annotations

from datetime import date, time

import pytest

from pipeline.indonesian import count_phrase, format_date, format_day_date, format_time, terbilang


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"), (1, "satu"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"),
        (19, "sembilan belas"), (20, "dua puluh"), (35, "tiga puluh lima"), (100, "seratus"),
        (101, "seratus satu"), (250, "dua ratus lima puluh"), (1000, "seribu"),
        (1187, "seribu seratus delapan puluh tujuh"), (2026, "dua ribu dua puluh enam"),
        (1_000_000, "satu juta"),
    ],
)
def test_terbilang(number: int, words: str) -> None:
    assert terbilang(number) == words


def test_formats() -> None:
    assert format_date(date(2021, 9, 6)) == "6 September 2021"
    assert format_day_date(date(2021, 9, 20)) == "Senin, 20 September 2021"
    assert format_time(time(9, 0)) == "09.00"
    assert count_phrase(35) == "35 (tiga puluh lima) orang"
