"""Chinese numerals for names and headings (第十四巡视组, 二、问题清单)."""

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 23 → 二十三, 105 → 一百零五 (below 1000)."""
    if not 0 <= number < 1000:
        return str(number)
    if number < 10:
        return _DIGITS[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        head = "" if tens == 1 else _DIGITS[tens]
        return f"{head}十{_DIGITS[ones] if ones else ''}"
    hundreds, rest = divmod(number, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = f"零{_DIGITS[rest]}"
    else:
        tail = chinese_numeral(rest) if rest >= 20 else f"一{chinese_numeral(rest)}"
    return f"{_DIGITS[hundreds]}百{tail}"
