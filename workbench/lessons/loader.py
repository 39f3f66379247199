"""Read lesson files (``NN-slug.md``) into :class:`Lesson` objects, and check them all.

The format is described in ``resources/lessons/README.md``. Lesson files are data:
the front matter is read as plain ``key: value`` lines (no YAML library, nothing
executed) and every formula a try-it block names is parsed by our own grammar. A
broken or hostile file raises :class:`LessonError` naming the file and the line.
"""

from __future__ import annotations

import re
from pathlib import Path

from workbench.lessons.model import Lesson, LessonError, Page
from workbench.lessons.tryit import parse_tryit

PAGE_BREAK = "---page---"
MAX_BYTES = 256_000  # far above any real lesson; a huge file is refused, not read
_FRONT_KEYS = ("id", "title", "order", "summary", "minutes")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FILE = re.compile(r"^(\d\d)-([a-z0-9-]+)\.md$")
_FENCE = re.compile(r"^\s*```+\s*([A-Za-z0-9_-]*)\s*$")
_INLINE_CODE = re.compile(r"`[^`]*`")

Numbered = list[tuple[int, str]]


def default_folder() -> Path:
    """The bundled lessons folder."""
    from workbench.resources import resource_path

    return resource_path("lessons")


def load_lessons(folder: Path | str | None = None, *,
                 errors: list[LessonError] | None = None) -> list[Lesson]:
    """Every ``NN-slug.md`` lesson in ``folder`` (default: the bundled lessons), by order.

    A broken file raises :class:`LessonError`, unless a list is passed as ``errors``:
    then the error is appended there and the other lessons still load (so one bad
    file costs the student one lesson, not the whole list).
    """
    root = Path(folder) if folder is not None else default_folder()
    lessons = []
    for path in sorted(root.glob("*.md")):
        if not _FILE.match(path.name):
            continue
        try:
            lessons.append(load_lesson(path))
        except LessonError as exc:
            if errors is None:
                raise
            errors.append(exc)
    return sorted(lessons, key=lambda lesson: (lesson.order, lesson.id))


def load_lesson(path: Path | str) -> Lesson:
    """Read one lesson file; raise :class:`LessonError` (file and line) if it is unusable."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LessonError(f"cannot be read ({exc.strerror})", path) from None
    if len(data) > MAX_BYTES:
        raise LessonError(f"is larger than {MAX_BYTES // 1000} kB", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise LessonError("is not UTF-8 text", path, line) from None
    lines = list(enumerate(text.lstrip("\ufeff").splitlines(), start=1))
    meta, body = _front_matter(lines, path)
    pages = [_page(chunk, path) for chunk in _split_pages(body, path)]
    return Lesson(pages=pages, **meta)


def _front_matter(lines: Numbered, path: Path) -> tuple[dict, Numbered]:
    if not lines or lines[0][1].strip() != "---":
        raise LessonError("must start with a front matter block opened by '---'", path, 1)
    meta: dict[str, str] = {}
    for index, (number, line) in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return _typed_meta(meta, path, number), lines[index + 1:]
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in _FRONT_KEYS:
            raise LessonError(f"front matter lines are 'key: value' with a key among "
                              f"{', '.join(_FRONT_KEYS)}; got {line.strip()!r}", path, number)
        if key in meta:
            raise LessonError(f"front matter gives {key!r} twice", path, number)
        meta[key] = value.strip()
    raise LessonError("the front matter block is never closed by '---'", path, 1)


def _typed_meta(meta: dict[str, str], path: Path, line: int) -> dict:
    missing = [key for key in _FRONT_KEYS if not meta.get(key)]
    if missing:
        raise LessonError("front matter is missing " + ", ".join(missing), path, line)
    if not _ID.match(meta["id"]):
        raise LessonError(f"id {meta['id']!r} must be lower-case words joined by '-'", path, line)
    typed: dict = dict(meta)
    for key in ("order", "minutes"):
        if not meta[key].isdigit() or not 0 < int(meta[key]) < 1000:
            raise LessonError(f"{key} must be a whole number, not {meta[key]!r}", path, line)
        typed[key] = int(meta[key])
    return typed


def _split_pages(body: Numbered, path: Path) -> list[Numbered]:
    pages: list[Numbered] = [[]]
    for number, line in body:
        if line.strip() == PAGE_BREAK:
            pages.append([])
        else:
            pages[-1].append((number, line))
    pages = [page for page in pages if any(line.strip() for _, line in page)]
    if not pages:
        raise LessonError("has no pages", path)
    return pages


def _page(lines: Numbered, path: Path) -> Page:
    first = next((number, line) for number, line in lines if line.strip())
    if not first[1].startswith("## ") or not first[1][3:].strip():
        raise LessonError("each page must begin with a '## Title' line", path, first[0])
    title = first[1][3:].strip()
    kept: Numbered = []
    actions = []
    fence: tuple[int, str, Numbered] | None = None  # (opening line, info word, lines)
    for number, line in lines:
        if number == first[0]:
            continue
        match = _FENCE.match(line)
        if fence is None and match:
            fence = (number, match.group(1), [])
            if match.group(1) != "tryit":
                kept.append((number, line))
        elif fence is not None and match and not match.group(1):
            if fence[1] == "tryit":
                actions.append(parse_tryit(fence[2] or [(fence[0] + 1, "")], path))
            else:
                kept.append((number, line))
            fence = None
        elif fence is not None:
            fence[2].append((number, line))
            if fence[1] != "tryit":
                kept.append((number, line))
        else:
            kept.append((number, line))
    if fence is not None:
        raise LessonError("a ``` code block is never closed", path, fence[0])
    check_math(kept, path)
    return Page(title=title, markdown="\n".join(line for _, line in kept).strip("\n"),
                actions=actions)


def check_math(lines: Numbered, path: Path) -> None:
    """Raise :class:`LessonError` unless every ``$...$`` and ``$$...$$`` is closed.

    Inline math must close on its own line; display math may span lines. Code blocks
    and inline code are skipped; ``\\$`` is a literal dollar.
    """
    display: int | None = None
    in_code = False
    for number, raw in lines:
        if _FENCE.match(raw):
            in_code = not in_code
            continue
        if in_code:
            continue
        line = _INLINE_CODE.sub("", raw)
        inline: int | None = None
        i = 0
        while i < len(line):
            if line[i] == "\\":
                i += 2
                continue
            if line.startswith("$$", i):
                if inline is not None:
                    raise LessonError("'$$' inside inline math: close the '$' first", path, number)
                display = None if display is not None else number
                i += 2
                continue
            if line[i] == "$":
                if display is not None:
                    raise LessonError("a single '$' inside '$$' display math", path, number)
                inline = None if inline is not None else i
            i += 1
        if inline is not None:
            raise LessonError("inline math opened with '$' is not closed on this line",
                              path, number)
    if display is not None:
        raise LessonError("display math opened with '$$' is never closed", path, display)


def check_lessons(folder: Path | str | None = None) -> list[str]:
    """Every problem with the lessons in ``folder``, as messages (an empty list: all good).

    Beyond loading each file: ids unique, orders exactly 1..N, file names ``NN-<id>.md``
    with ``NN`` the order, and 3 to 6 pages per lesson.
    """
    root = Path(folder) if folder is not None else default_folder()
    problems: list[str] = []
    lessons: list[tuple[Path, Lesson]] = []
    for path in sorted(root.glob("*.md")):
        match = _FILE.match(path.name)
        if not match:
            if path.name.lower() != "readme.md":
                problems.append(f"{path.name}: lesson files are named NN-slug.md")
            continue
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            problems.append(str(exc))
            continue
        lessons.append((path, lesson))
        if int(match.group(1)) != lesson.order or match.group(2) != lesson.id:
            problems.append(f"{path.name}: the file name should be "
                            f"{lesson.order:02d}-{lesson.id}.md")
        if not 3 <= len(lesson.pages) <= 6:
            problems.append(f"{path.name}: has {len(lesson.pages)} pages (3 to 6 expected)")
    ids = [lesson.id for _, lesson in lessons]
    problems += [f"the id {i!r} is used by more than one lesson" for i in sorted(set(ids))
                 if ids.count(i) > 1]
    orders = sorted(lesson.order for _, lesson in lessons)
    if orders != list(range(1, len(orders) + 1)):
        problems.append(f"lesson orders should run 1..{len(orders)}, found {orders}")
    return problems
