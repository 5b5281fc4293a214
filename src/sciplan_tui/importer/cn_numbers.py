"""Chinese numerals: read 二十三 / 一千五百 / 二〇二五 as integers, write them back, rewrite quantities as digits."""

from __future__ import annotations

import re

DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
DIGITS |= {str(d): d for d in range(10)} | {chr(0xFF10 + d): d for d in range(10)}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
WRITTEN = "零一二三四五六七八九"

NUMERAL_CHARS = "〇零○一二两三四五六七八九十百千"
_RUN = f"[{NUMERAL_CHARS}]+"
_NUMBER = rf"{_RUN}(?:点[{NUMERAL_CHARS}]+)?"
_YEAR_DIGITS = "[〇零○一二三四五六七八九]{4}"
_DASH = "[-－—–―~～至到]"

# Units after which a numeral is a quantity (longest first). 批/些/体/部/是 are deliberately absent:
# 一批, 一些, 一体, 统一部署, 一是 are words, not quantities.
UNITS = (
    "万人次|亿人次|人次|个百分点|百分点|平方米|公里|千米|学时|课时|小时|万元|亿元|"
    "人|名|个|家|所|座|场|次|项|支|处|户|台|套|件|篇|册|本|亩|米|元|天|年|倍|条|间|类|种|门|万|亿"
)
_PERCENT = re.compile(rf"百分之({_NUMBER})")
_YEAR = re.compile(rf"(?<![{NUMERAL_CHARS}])({_YEAR_DIGITS})(?=年|{_DASH}{_YEAR_DIGITS}年)")
_QUANTITY = re.compile(rf"(?<![{NUMERAL_CHARS}第])({_NUMBER})(?=(?:{UNITS}))(?!次性)")
_MONTH_DAY = re.compile(rf"(?<=\d[年月])([{NUMERAL_CHARS}]+)(?=[月日号])")


def to_int(text: str) -> int | None:
    """二十三 → 23, 一千五百 → 1500, 三万 → 30000, 二〇二五 → 2025 (digit by digit), 两 → 2; else None."""
    text = text.strip()
    if not text or any(ch not in DIGITS and ch not in SMALL_UNITS and ch not in BIG_UNITS for ch in text):
        return None
    if not any(ch in SMALL_UNITS or ch in BIG_UNITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    return _with_units(text)


def _with_units(text: str) -> int | None:
    """Positional reading: sections split by 亿 and 万, each read with 千/百/十 in descending order."""
    total, section, last_big = 0, 0, None
    for part, big in _big_sections(text):
        value = _section(part)
        if value is None or (last_big is not None and big is not None and big >= last_big):
            return None
        if big is None:
            implied = last_big is not None and len(part) == 1 and 0 < value < 10
            section = value * last_big // 10 if implied and last_big else value  # 三万五 is 35000
        else:
            if value == 0 and not part:
                return None
            total += value * big
            last_big = big
    return total + section


def _big_sections(text: str) -> list[tuple[str, int | None]]:
    parts: list[tuple[str, int | None]] = []
    current = ""
    for ch in text:
        if ch in BIG_UNITS:
            parts.append((current, BIG_UNITS[ch]))
            current = ""
        else:
            current += ch
    parts.append((current, None))
    return parts


def _section(text: str) -> int | None:
    """A number below 万: 一千五百 → 1500, 十一 → 11, 三百零五 → 305, 一千五 → 1500; None when malformed."""
    total, digit, last_unit, zero = 0, None, 10_000, False
    for ch in text:
        if ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit, zero = None, unit, False
        elif DIGITS[ch] == 0:
            digit, zero = (None if digit is None else digit * 10), True
        elif digit is not None and last_unit < 10_000:
            return None  # 十四五 is a name (the 14th five-year plan), not a number
        else:
            digit = DIGITS[ch] if digit is None else digit * 10 + DIGITS[ch]
    if digit is not None and digit < 10 and not zero and 100 <= last_unit < 10_000:
        digit *= last_unit // 10  # 一千五 is 1500, 三百二 is 320: the unit below is implied
    return total + (digit or 0)


def from_int(number: int) -> str:
    """Write a number the way Word's chineseCounting does: 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五."""
    if number < 0:
        return "负" + from_int(-number)
    if number < 10:
        return "〇一二三四五六七八九"[number]
    if number < 100_000_000:
        high, low = divmod(number, 10_000)
        if not high:
            return _below_10000(low)
        tail = "" if not low else ("零" if low < 1000 else "") + _below_10000(low, leading=True)
        return _below_10000(high) + "万" + tail
    return str(number)


def _below_10000(number: int, *, leading: bool = False) -> str:
    """Below 10000; `leading` writes 一十 for a tens digit that follows 万 (一万零一十)."""
    out, pending_zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, unit)
        if digit:
            if pending_zero and out:
                out += "零"
            out += ("" if (unit == 10 and digit == 1 and not out and not leading) else WRITTEN[digit]) + name
            pending_zero = False
        elif out:
            pending_zero = True
    return out


def to_number(text: str) -> str | None:
    """A numeral that may carry a decimal part, as a digit string: 十二点五 → '12.5', 三 → '3'."""
    whole, _, fraction = text.partition("点")
    value = to_int(whole) if whole else 0
    if value is None:
        return None
    if not fraction:
        return str(value)
    if any(ch not in DIGITS for ch in fraction):
        return None
    return f"{value}." + "".join(str(DIGITS[ch]) for ch in fraction)


def replace_numerals(text: str) -> str:
    """Rewrite quantities in Chinese numerals as digits: 百分之十 → 10%, 二〇二五年 → 2025年, 三万人次 → 3万人次.

    Only numerals after 百分之, four-digit years before 年 (or a year range), numerals before a
    unit and months/days after a converted year are touched, so 一是, 统一, 一批 stay as written.
    A lone 一 before a unit (一个, 一次) is left alone: it is a word more often than a target.
    Not length-preserving.
    """
    text = _PERCENT.sub(lambda m: _or_same(m, to_number(m.group(1)), "%"), text)
    text = _YEAR.sub(lambda m: _or_same(m, to_number(m.group(1))), text)
    text = _QUANTITY.sub(_quantity, text)
    for _ in range(2):  # a day follows a month that is only converted by the first pass
        text = _MONTH_DAY.sub(lambda m: _or_same(m, to_number(m.group(1))), text)
    return text


def _quantity(match: re.Match[str]) -> str:
    if match.group(1) == "一":
        return match.group(0)
    return _or_same(match, to_number(match.group(1)))


def _or_same(match: re.Match[str], value: str | None, suffix: str = "") -> str:
    return match.group(0) if value is None else value + suffix
