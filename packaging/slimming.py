"""Make the bundle's binaries smaller without changing what they do (used by the spec).

Three steps, each on PyInstaller's ``(dest, src, typecode)`` binary entries:

- ``strip_binaries``: drop symbol tables (``strip``). PyInstaller's own ``strip=True`` is
  unusable here: GNU strip (and llvm-strip) rewrite the OpenBLAS libraries that auditwheel
  patched with patchelf into files the loader refuses ("ELF load command address/offset
  not page-aligned"). So each stripped copy is checked, and a copy that fails keeps the
  original.
- ``dedupe_binaries``: numpy and scipy both vendor the same libgfortran/libquadmath builds;
  byte-identical copies become symbolic links to the first one.
- ``slim_icu_data``: QtCore links ICU, whose data library is 32 MB. The items for ICU
  services that no bundled binary calls (word breaking, transliteration, number spell-out,
  unit/currency/language names, character names, spoof checks, stringprep) are removed
  with ICU's own ``icupkg``, and the rest is linked back into ``libicudata.so.NN``.
  ``icu_probe.py`` checks that every ICU call QtCore makes answers the same afterwards.

Build-time only; needs binutils (which PyInstaller needs on Linux anyway) and, for the
ICU step, ``icupkg`` (Debian/Ubuntu: icu-devtools). A missing tool skips its step.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

Entry = tuple[str, str, str]
BINARY_KINDS = ("BINARY", "EXTENSION")
PAGE = 4096

# ICU data items for services no bundled binary calls. QtCore is the only binary linking
# ICU and imports only ucol_*, ucnv_*, ucal_* and u_strTo{Upper,Lower} (icu_probe lists
# them; the tests keep that list honest). Break iterators (ubrk), transliterators (utrans),
# rule-based number formats (unum spell-out), unit/currency/language display names
# (unumf/ucurr/uldn), character names (u_charName), confusables (uspoof) and stringprep
# profiles (usprep) are none of those. Collation, converters, calendars, zone names and
# locale data stay; so do region names (1 MB), which ICU's time-zone formatting can fall
# back to for generic location names even though icu_probe's calls never reach them.
ICU_UNUSED = re.compile(r"^(brkitr|translit|rbnf|unit|curr|lang)/|^unames\.icu$"
                        r"|^confusables\.cfu$|\.spp$")


def _elf_header(data: bytes) -> tuple | None:
    """(phoff, shoff, phentsize, phnum, shentsize, shnum) of a 64-bit little-endian ELF."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    phoff, shoff = struct.unpack_from("<QQ", data, 0x20)
    phentsize, phnum, shentsize, shnum = struct.unpack_from("<HHHH", data, 0x36)
    return phoff, shoff, phentsize, phnum, shentsize, shnum


def has_symbol_table(path: Path) -> bool:
    """True when ``path`` is an ELF file with a ``.symtab`` section (something to strip)."""
    data = Path(path).read_bytes()
    header = _elf_header(data)
    if header is None:
        return False
    _, shoff, _, _, shentsize, shnum = header
    return any(struct.unpack_from("<I", data, shoff + i * shentsize + 4)[0] == 2  # SHT_SYMTAB
               for i in range(shnum))


def loadable_layout(path: Path) -> bool:
    """True when every PT_LOAD segment of ``path`` passes the dynamic loader's alignment
    checks (glibc: offset and address congruent modulo the page and modulo p_align)."""
    data = Path(path).read_bytes()
    header = _elf_header(data)
    if header is None:
        return False
    phoff, _, phentsize, phnum, _, _ = header
    for i in range(phnum):
        kind, _, offset, vaddr = struct.unpack_from("<IIQQ", data, phoff + i * phentsize)
        align = struct.unpack_from("<Q", data, phoff + i * phentsize + 48)[0]
        if kind == 1 and ((vaddr - offset) % PAGE or (align > 1 and (vaddr - offset) % align)):
            return False
    return True


def strip_binaries(entries: list[Entry], workdir: Path, strip: str | None = None) -> list[Entry]:
    """Entries whose ELF files carry a symbol table point at stripped copies instead.

    A copy the loader would refuse (see the module docstring) is not used.
    """
    strip = strip or shutil.which("strip")
    if strip is None:
        print("slimming: no strip tool; binaries keep their symbol tables")
        return entries
    result = []
    for dest, src, kind in entries:
        if kind in BINARY_KINDS and has_symbol_table(src):
            target = Path(workdir) / "stripped" / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([strip, "-o", str(target), str(Path(src).resolve())], check=True)
            if loadable_layout(target) and target.stat().st_size < Path(src).stat().st_size:
                src = str(target)
            else:
                print(f"slimming: {dest} kept unstripped (strip breaks its segment layout)")
        result.append((dest, src, kind))
    return result


def _digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def dedupe_binaries(entries: list[Entry]) -> list[Entry]:
    """A binary byte-identical to an earlier one becomes a relative symbolic link to it."""
    sizes: dict[int, list[int]] = {}
    for index, (_, src, kind) in enumerate(entries):
        if kind in BINARY_KINDS:
            sizes.setdefault(os.path.getsize(src), []).append(index)
    result = list(entries)
    for indices in sizes.values():
        first_of: dict[str, str] = {}
        for index in indices if len(indices) > 1 else ():
            dest, src, _ = entries[index]
            first = first_of.setdefault(_digest(src), dest)
            if first != dest:
                result[index] = (dest, os.path.relpath(first, os.path.dirname(dest) or "."),
                                 "SYMLINK")
    return result


def _run(*command: str, cwd: Path | None = None) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, cwd=cwd).stdout


def _icu_package_name(blob: bytes) -> str:
    """The package prefix of the items of an ICU common-data blob, e.g. ``icudt73l``."""
    header_size = struct.unpack_from("<H", blob, 0)[0]
    name_offset = struct.unpack_from("<I", blob, header_size + 4)[0]
    start = header_size + name_offset
    return blob[start:blob.index(b"\0", start)].decode("ascii").split("/", 1)[0]


def build_icu_data_library(original: Path, out_dir: Path) -> Path:
    """A copy of ICU's ``libicudata.so.NN`` without the ICU_UNUSED items.

    Raises CalledProcessError/ValueError/FileNotFoundError when a tool is missing or
    the library is not laid out as expected (one ``icudtNN_dat`` symbol filling .rodata).
    """
    version = re.fullmatch(r"libicudata\.so\.(\d+)", original.name)
    if version is None:
        raise ValueError(f"not an ICU data library: {original.name}")
    symbol = f"icudt{version.group(1)}_dat"
    (out_dir / "whole").mkdir(parents=True, exist_ok=True)
    extracted = out_dir / "whole" / "data.bin"
    _run("objcopy", "-O", "binary", "--only-section=.rodata", str(original), str(extracted))
    blob = extracted.read_bytes()
    sizes = {line.split()[3]: int(line.split()[1], 16)
             for line in _run("nm", "-D", "-S", str(original)).splitlines()
             if len(line.split()) == 4}
    package = _icu_package_name(blob)
    if sizes.get(symbol) != len(blob) or blob[2:4] != b"\xda\x27" or not package.endswith("l"):
        raise ValueError(f"{original.name}: unexpected layout")
    # icupkg takes a package's name from its file name: both files are named after it.
    whole = extracted.rename(out_dir / "whole" / f"{package}.dat")
    names = _run("icupkg", "-l", str(whole)).split()
    (out_dir / "unused.txt").write_text("\n".join(n for n in names if ICU_UNUSED.search(n)))
    _run("icupkg", "-r", "unused.txt", str(whole), f"{package}.dat", cwd=out_dir)
    _run("ld", "-r", "-b", "binary", "-o", "data.o", f"{package}.dat", cwd=out_dir)
    _run("objcopy", "--set-section-alignment", ".data=16",
         "--rename-section", ".data=.rodata,alloc,load,readonly,data,contents",
         "--redefine-sym", f"_binary_{package}_dat_start={symbol}",
         "--strip-symbol", f"_binary_{package}_dat_end",
         "--strip-symbol", f"_binary_{package}_dat_size", "data.o", cwd=out_dir)
    library = out_dir / original.name
    _run("ld", "-shared", "-soname", original.name, "-o", str(library), "data.o", cwd=out_dir)
    return library


def slim_icu_data(entries: list[Entry], workdir: Path) -> list[Entry]:
    """The ICU data library entry points at a copy without the unused ICU services."""
    result = []
    for dest, src, kind in entries:
        if re.fullmatch(r"libicudata\.so\.\d+", Path(dest).name):
            try:
                src = str(build_icu_data_library(Path(src).resolve(), Path(workdir) / "icu"))
            except (OSError, ValueError, subprocess.CalledProcessError) as error:
                print(f"slimming: ICU data kept whole ({error}); install icupkg (icu-devtools)")
        result.append((dest, src, kind))
    return result
