"""Ask ICU everything Qt asks it, and print the answers: ``python icu_probe.py LIBDIR``.

The bundle carries a trimmed ICU data library (see ``slimming.slim_icu_data``). QtCore is
the only bundled binary that links ICU, and it calls four families of functions: collation
(``ucol_*``, QCollator), code-page conversion (``ucnv_*``, QStringConverter for legacy
encodings), calendars and time-zone names (``ucal_*``, QTimeZone) and locale-aware case
mapping (``u_strTo{Upper,Lower}``, QLocale). This probe exercises each family over many
locales, encodings and zones and prints one line per answer, so the answers of the full
and the trimmed data can be compared line by line. ``QT_ICU_FUNCTIONS`` lists the
functions the probe stands for; the tests check QtCore imports nothing else from ICU.

Run it in a fresh process: ICU libraries already loaded (by QtCore) would be reused.
Standard library only, so it runs under any Python.
"""

from __future__ import annotations

import ctypes
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

# Every ICU function libQt6Core 6.12 imports (without the _NN version suffix).
QT_ICU_FUNCTIONS = frozenset({
    "UCNV_FROM_U_CALLBACK_SUBSTITUTE", "UCNV_TO_U_CALLBACK_SUBSTITUTE", "u_strToLower",
    "u_strToUpper", "ucal_close", "ucal_getCanonicalTimeZoneID",
    "ucal_getTimeZoneDisplayName", "ucal_open", "ucnv_cbFromUWriteUChars",
    "ucnv_cbToUWriteUChars", "ucnv_close", "ucnv_countAvailable", "ucnv_fromUCountPending",
    "ucnv_fromUnicode", "ucnv_getAvailableName", "ucnv_getFromUCallBack",
    "ucnv_getMaxCharSize", "ucnv_getName", "ucnv_getStandardName", "ucnv_getToUCallBack",
    "ucnv_open", "ucnv_reset", "ucnv_setFromUCallBack", "ucnv_setToUCallBack",
    "ucnv_toUCountPending", "ucnv_toUnicode", "ucol_close", "ucol_getSortKey", "ucol_open",
    "ucol_setAttribute", "ucol_strcoll"})

LOCALES = ("", "en_US", "de_DE", "de@collation=phonebook", "fr_FR", "sv_SE", "es_ES", "tr_TR",
           "lt_LT", "el_GR", "ru_RU", "ar_EG", "he_IL", "hi_IN", "th_TH", "ja_JP", "zh_CN",
           "zh_TW", "ko_KR", "pt_BR", "pl_PL", "vi_VN")
WORDS = ("Äpfel", "apfel", "Zebra", "zebra", "Öl", "ol", "Ångström", "ıi", "İI", "Straße",
         "strasse", "日本", "中文", "한국어", "ไทย", "Ελλάδα", "Россия", "عربى", "2x", "10x", "x^2")
ENCODINGS = ("Shift_JIS", "EUC-JP", "ISO-2022-JP", "GB18030", "GBK", "Big5", "EUC-KR",
             "KOI8-R", "windows-1251", "windows-1252", "ISO-8859-7", "ISO-8859-15", "IBM037",
             "ibm-1047", "macintosh", "UTF-7", "SCSU", "BOCU-1", "TIS-620", "no-such-codec")
SAMPLE = "Grüße, Ελλάδα, Россия, 日本語テキスト, 中文, 한국어, ∫x²dx ≈ 1/3 €"
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe",
         "US/Pacific", "Asia/Calcutta", "Etc/GMT+5", "UTC", "No/Such_Zone")
CASES = ("istanbul İSTANBUL", "ΌΣΟΣ σοφός", "Straße ﬁ", "i̇ĩ Lithuanian", "ǅ ǈ")


class Icu:
    """The ICU C functions of one set of libraries (common + i18n), version-suffixed."""

    def __init__(self, libdir: Path) -> None:
        common = next(libdir.glob("libicuuc.so.*"))
        self.suffix = "_" + re.sub(r".*\.so\.(\d+).*", r"\1", common.name)
        self.common = ctypes.CDLL(str(common))
        self.i18n = ctypes.CDLL(str(next(libdir.glob("libicui18n.so.*"))))

    def __call__(self, name: str, restype: object = ctypes.c_int32) -> Callable[..., object]:
        """The function ``name`` (found in either library) returning ``restype``."""
        for lib in (self.i18n, self.common):
            try:
                func = getattr(lib, name + self.suffix)
            except AttributeError:
                continue
            func.restype = restype
            return func
        raise AttributeError(name)


def uchars(text: str) -> tuple[ctypes.Array, int]:
    """``text`` as a UTF-16 UChar buffer and its length in code units."""
    data = text.encode("utf-16-le")
    return (ctypes.c_uint16 * (len(data) // 2 + 1)).from_buffer_copy(data + b"\0\0"), len(data) // 2


def text_of(buffer: ctypes.Array, length: int) -> str:
    """The first ``length`` UChars of ``buffer`` as a str."""
    return bytes(buffer)[:2 * length].decode("utf-16-le", "replace")


def collation(icu: Icu) -> Iterator[str]:
    """Sort order and sort keys of WORDS per locale, plus an attribute change."""
    status = ctypes.c_int(0)
    for locale in LOCALES:
        status.value = 0
        coll = icu("ucol_open", ctypes.c_void_p)(locale.encode(), ctypes.byref(status))
        if not coll:
            yield f"ucol_open {locale!r}: status {status.value}"
            continue
        yield f"ucol_open {locale!r}: status {status.value}"
        coll = ctypes.c_void_p(coll)
        icu("ucol_setAttribute", None)(coll, 7, 17, ctypes.byref(status))  # numeric on
        keys = []
        for word in WORDS:
            buf, n = uchars(word)
            key = ctypes.create_string_buffer(512)
            size = icu("ucol_getSortKey")(coll, buf, n, key, 512)
            keys.append((key.raw[:size], word))
        yield f"  order: {' '.join(word for _, word in sorted(keys))}"
        yield f"  keys: {[key.hex() for key, _ in keys]}"
        a, na = uchars("Äpfel")
        b, nb = uchars("Apfel")
        yield f"  strcoll: {icu('ucol_strcoll')(coll, a, na, b, nb)}"
        icu("ucol_close", None)(coll)


def conversion(icu: Icu) -> Iterator[str]:
    """Available converters, and SAMPLE round-tripped through each encoding."""
    count = icu("ucnv_countAvailable")()
    names = [icu("ucnv_getAvailableName", ctypes.c_char_p)(i) for i in range(count)]
    yield f"converters: {count}: {b' '.join(names)!r}"
    status = ctypes.c_int(0)
    for encoding in ENCODINGS:
        status.value = 0
        cnv = icu("ucnv_open", ctypes.c_void_p)(encoding.encode(), ctypes.byref(status))
        if not cnv:
            yield f"ucnv_open {encoding}: status {status.value}"
            continue
        cnv = ctypes.c_void_p(cnv)
        name = icu("ucnv_getName", ctypes.c_char_p)(cnv, ctypes.byref(status))
        mime = icu("ucnv_getStandardName", ctypes.c_char_p)(name, b"MIME", ctypes.byref(status))
        size = icu("ucnv_getMaxCharSize", ctypes.c_int8)(cnv)
        source, n = uchars(SAMPLE)
        out = ctypes.create_string_buffer(1024)
        length = icu("ucnv_fromUChars")(cnv, out, 1024, source, n, ctypes.byref(status))
        back = (ctypes.c_uint16 * 1024)()
        icu("ucnv_reset", None)(cnv)
        count = icu("ucnv_toUChars")(cnv, back, 1024, out, length, ctypes.byref(status))
        yield (f"ucnv {encoding}: {name!r} {mime!r} max {size} -> {out.raw[:length].hex()} "
               f"<- {text_of(back, count)!r} status {status.value}")
        icu("ucnv_close", None)(cnv)


def calendars(icu: Icu) -> Iterator[str]:
    """Canonical zone IDs and zone display names per locale."""
    status = ctypes.c_int(0)
    for zone in ZONES:
        zid, n = uchars(zone)
        result = (ctypes.c_uint16 * 128)()
        system = ctypes.c_int8(0)
        status.value = 0
        length = icu("ucal_getCanonicalTimeZoneID")(zid, n, result, 128, ctypes.byref(system),
                                                     ctypes.byref(status))
        yield f"canonical {zone}: {text_of(result, length)!r} {system.value} {status.value}"
        for locale in LOCALES:
            status.value = 0
            cal = icu("ucal_open", ctypes.c_void_p)(zid, n, locale.encode(), 0,
                                                    ctypes.byref(status))
            names = []
            for kind in range(4):  # standard, short standard, DST, short DST
                length = icu("ucal_getTimeZoneDisplayName")(ctypes.c_void_p(cal), kind,
                                                             locale.encode(), result, 128,
                                                             ctypes.byref(status))
                names.append(text_of(result, length))
            yield f"  {locale!r}: {names} status {status.value}"
            icu("ucal_close", None)(ctypes.c_void_p(cal))


def case_mapping(icu: Icu) -> Iterator[str]:
    """Locale-aware upper and lower case of CASES."""
    status = ctypes.c_int(0)
    for locale in LOCALES:
        for function in ("u_strToUpper", "u_strToLower"):
            answers = []
            for text in CASES:
                source, n = uchars(text)
                dest = (ctypes.c_uint16 * 128)()
                length = icu(function)(dest, 128, source, n, locale.encode(),
                                       ctypes.byref(status))
                answers.append(text_of(dest, length))
            yield f"{function} {locale!r}: {answers} status {status.value}"


def probe(libdir: Path) -> list[str]:
    """Every answer, one line each."""
    icu = Icu(libdir)
    return [line for family in (collation, conversion, calendars, case_mapping)
            for line in family(icu)]


if __name__ == "__main__":
    print("\n".join(probe(Path(sys.argv[1]))))
