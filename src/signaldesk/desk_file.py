"""Read-modify-write of one section of the desk file, validated as the whole file before writing.

The pure core works on text: a section is cut out, replaced or changed item by item, and
the rest of the file stays byte for byte as it was (comments, key order, anchors). The new
text is then checked with `parse_desk` under the desk file's name, so an edit is refused
with exactly the message loading the file would give. Only a valid text is written: to a
temporary file moved over the old one, after the old one is kept as `desk.yaml.1` (the
previous versions shift to `.2` ... `.5`).

Channel URLs hold secrets. `editable_text` shows an admin each URL with `***` in place of
every secret part (anyone else only its scheme); `keep_secrets` puts the old secret back
wherever an edited URL of the same channel, scheme and host still holds `***`.

Edits from the dashboard and the command line (separate processes) wait for each other on
an `flock` of `.desk.yaml.lock` next to the file.
"""

from __future__ import annotations

import fcntl
import io
import os
import re
import shutil
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .config import DeskConfig, parse_desk, read_desk_text, suggest
from .errors import DeskFileError, NotFoundError
from .secrets import HIDDEN, HIDDEN_URL, hide_secrets, restore_secrets, same_place, scheme_only

SECTIONS = ("watches", "actors", "frames", "playbook", "channels", "rules")
HISTORY_KEPT = 5
_SINGULAR = {"sources": "source", "actors": "actor", "watches": "watch", "frames": "frame"}
_SINGULAR |= {"playbook": "playbook item", "channels": "channel", "rules": "rule"}
_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def check_section(section: str) -> str:
    """The section name if it is one the settings can edit; else NotFoundError with a hint."""
    if section not in SECTIONS:
        hint = suggest(section, list(SECTIONS))
        raise NotFoundError(f"no settings section '{section}'{hint}; sections: {', '.join(SECTIONS)}")
    return section


# -- cutting and splicing text ----------------------------------------------------


def _bounds(lines: list[str], section: str) -> tuple[int, int] | None:
    """Line range [start, end) of a top-level key and its value; trailing blanks and column-0
    comments stay with what follows."""
    key = re.compile(rf"^{re.escape(section)}\s*:(\s|$)")
    start = next((i for i, line in enumerate(lines) if key.match(line)), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and not line[0].isspace() and line[0] not in "#-":
            break
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return start, end


def _inline(line: str) -> str:
    """The value written on the key's own line (`watches: []`), without a trailing comment."""
    value = line.split(":", 1)[1].strip()
    return "" if value.startswith("#") else value


def section_text(text: str, section: str) -> str:
    """The value of a top-level section as YAML text, dedented (empty if the file has none)."""
    lines = text.replace("\r\n", "\n").splitlines(keepends=True)
    found = _bounds(lines, section)
    if found is None:
        return ""
    start, end = found
    inline = _inline(lines[start])
    body = textwrap.dedent("".join(lines[start + 1 : end]))
    return (inline + "\n" if inline else "") + body


def replace_section(text: str, section: str, new_value: str) -> str:
    """The desk file text with the section's value replaced by `new_value` (YAML text); the
    key line keeps its comment; a missing section is added at the end. The value is always
    indented (2 spaces at least), so no line of it can become a top-level key; an unchanged
    value leaves the text as it was."""
    text = text.replace("\r\n", "\n")
    value = new_value.replace("\r\n", "\n").replace("\r", "\n")
    if _bounds(text.splitlines(keepends=True), section) is not None and value == section_text(text, section):
        return text
    has_content = value.strip() != "[]" and any(
        line.strip() and not line.lstrip().startswith("#") for line in value.splitlines()
    )
    value = "" if value.strip() == "[]" else value
    lines = text.splitlines(keepends=True)
    found = _bounds(lines, section)
    margin = " " * max(2, _margin(lines[found[0] + 1 : found[1]]) if found else 2)
    body = textwrap.indent(value.rstrip("\n") + "\n", margin) if value.strip() else ""
    if found is None:
        head = f"{section}:" + ("" if has_content else " []")
        start = end = len(lines)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
    else:
        start, end = found
        line = lines[start].rstrip("\n")
        comment = line[line.index("#") :] if "#" in line and not _inline(line) else ""
        head = f"{section}:" + ("" if has_content else " []") + (f"  {comment}" if comment else "")
    return "".join(lines[:start]) + head + "\n" + body + "".join(lines[end:])


def check_list(value: str, section: str, name: str = "desk.yaml") -> None:
    """DeskFileError unless `value`, read alone, is a list (or empty), as every section is.
    Text that is not valid YAML is left for `parse_desk` to explain with its line."""
    import yaml

    try:
        data = yaml.safe_load(value)
    except yaml.YAMLError:
        return
    if data is not None and not isinstance(data, list):
        raise DeskFileError(
            f"{name}: {section}: the section is a list, one item per line starting with '- '; "
            f"this text is a {'mapping' if isinstance(data, dict) else 'single value'}"
        )


def _margin(lines: list[str]) -> int:
    """The indent of a section's value as written (2 when it has none yet)."""
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip() and line[0] != "#"]
    return min(indents) if indents else 2


# -- structured edits of one list section ------------------------------------------


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 4096
    return yaml


def _load_list(text: str, section: str, name: str) -> Any:
    """The section's items as a ruamel list (comments kept); the file must be valid already."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.error import YAMLError

    parse_desk(text, name)
    body = section_text(text, section)
    try:
        items = _yaml().load(body) if body.strip() else None
    except YAMLError:
        raise DeskFileError(
            f"{name}: the '{section}' section uses YAML anchors defined elsewhere in the file; "
            "edit it as text instead"
        ) from None
    return items if items is not None else CommentedSeq()


def _dump(items: Any) -> str:
    if not items:
        return "[]\n"
    buffer = io.StringIO()
    _yaml().dump(items, buffer)
    return buffer.getvalue()


def _find(items: Any, item_id: str, section: str, name: str) -> int:
    for index, item in enumerate(items):
        if isinstance(item, Mapping) and item.get("id") == item_id:
            return index
    kind = _SINGULAR.get(section, "item")
    raise NotFoundError(f"no {kind} with id '{item_id}' in the {section} of {name}")


def add_item(text: str, section: str, item: Mapping[str, Any], name: str = "desk.yaml") -> str:
    """The text with `item` appended to a list section (empty values left out)."""
    return add_items(text, section, [item], name)


def add_items(text: str, section: str, new: Iterable[Mapping[str, Any]], name: str = "desk.yaml") -> str:
    """The text with every item of `new` appended to a list section."""
    items = _load_list(text, section, name)
    for item in new:
        items.append({key: _plain(value) for key, value in item.items() if value not in (None, "", [], ())})
    return replace_section(text, section, _dump(items))


def remove_item(text: str, section: str, item_id: str, name: str = "desk.yaml") -> str:
    items = _load_list(text, section, name)
    del items[_find(items, item_id, section, name)]
    return replace_section(text, section, _dump(items))


def set_field(text: str, section: str, item_id: str, key: str, value: Any, name: str = "desk.yaml") -> str:
    """The text with one field of one item set (`None` removes the field, back to its default)."""
    items = _load_list(text, section, name)
    item = items[_find(items, item_id, section, name)]
    if value is None:
        item.pop(key, None)
    else:
        item[key] = _plain(value)
    return replace_section(text, section, _dump(items))


def _plain(value: Any) -> Any:
    """JSON-like values as YAML can write them (tuples become lists); a string the desk loader
    (YAML 1.1) would read as something else (`yes`, `on`, `1:20`, ...) is written quoted."""
    if isinstance(value, Mapping):
        return {_plain(str(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str) and not _reads_back(value):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)
    return value


def _reads_back(value: str) -> bool:
    """Whether `value` written plain is read back by the desk loader as the same string."""
    import yaml

    try:
        return bool(yaml.safe_load(value) == value)
    except yaml.YAMLError:
        return False


def append_to_field(
    text: str, section: str, item_id: str, key: str, value: Any, name: str = "desk.yaml"
) -> str:
    """The text with `value` added to one item's list field (kept once)."""
    items = _load_list(text, section, name)
    item = items[_find(items, item_id, section, name)]
    listed = item.get(key)
    if listed is None:
        item[key] = listed = []
    if value not in listed:
        listed.append(_plain(value))
    return replace_section(text, section, _dump(items))


def append_value(text: str, section: str, value: Any, name: str = "desk.yaml") -> str:
    """The text with `value` added (once) to a top-level list of plain values."""
    items = _load_list(text, section, name)
    if value not in items:
        items.append(_plain(value))
    return replace_section(text, section, _dump(items))


# -- channel secrets ----------------------------------------------------------------


def editable_text(text: str, section: str, name: str = "desk.yaml", *, for_editing: bool = False) -> str:
    """A section's YAML to show. Channel URLs show only their scheme, or `for_editing` (to an
    admin) their scheme and host with every other part as ***."""
    check_section(section)
    if section != "channels":
        return section_text(text, section)
    items = _load_list(text, section, name)
    if not for_editing:  # ids and schemes only: no comments, nothing else a secret could hide in
        return _dump(
            [{"id": item.get("id"), "url": _plain(scheme_only(str(item.get("url"))))} for item in items]
        )
    for item in items:
        if isinstance(item, MutableMapping) and "url" in item:
            item["url"] = _plain(hide_secrets(str(item["url"])))
    return _dump(items)


def keep_secrets(old_text: str, new_value: str, name: str = "desk.yaml") -> str:
    """The edited channels YAML with *** replaced by the old secrets of the channel with the
    same id, when its scheme and host are unchanged; else DeskFileError asking for the secret.
    Text that does not load is returned as it is, for `parse_desk` to explain."""
    from ruamel.yaml.error import YAMLError

    if HIDDEN not in new_value and HIDDEN_URL not in new_value:
        return new_value
    try:
        items = _yaml().load(new_value)
    except YAMLError:
        return new_value
    old = _load_list(old_text, "channels", name)
    by_id = {item.get("id"): item.get("url") for item in old if isinstance(item, Mapping)}
    for index, item in enumerate(items if isinstance(items, list) else []):
        url = item.get("url") if isinstance(item, Mapping) else None
        where = f"{name}: channels[{index}].url"
        if isinstance(url, str) and url.endswith(HIDDEN_URL):
            raise DeskFileError(
                f"{where}: {url} is how the URL shows to readers, not the URL; type the whole URL"
            )
        if not isinstance(url, str) or HIDDEN not in url:
            continue
        before = by_id.get(item.get("id"))
        if not isinstance(before, str):
            raise DeskFileError(
                f"{where}: there was no channel '{item.get('id')}' before, so {HIDDEN} has no old "
                "secret to keep; type the secret"
            )
        if not same_place(url, before):
            raise DeskFileError(
                f"{where}: the scheme or host changed, so the old secret is not sent there; "
                f"type the secret in place of {HIDDEN}"
            )
        restored = restore_secrets(url, before)
        if HIDDEN in restored:
            raise DeskFileError(
                f"{where}: it holds {HIDDEN} where the old URL has no secret to keep; type the secret"
            )
        item["url"] = _plain(restored)
    return _dump(items)


# -- validating and writing -----------------------------------------------------------


def write(path: Path, text: str, keep: int = HISTORY_KEPT) -> None:
    """Write `text` atomically, keeping the previous file as `<name>.1` (older ones shift up to
    `<name>.<keep>`)."""
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            shutil.copymode(path, temporary)
            _shift_history(path, keep)
            shutil.copy2(path, _history(path, 1))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _history(path: Path, number: int) -> Path:
    return path.with_name(f"{path.name}.{number}")


def _shift_history(path: Path, keep: int) -> None:
    _history(path, keep).unlink(missing_ok=True)
    for number in range(keep - 1, 0, -1):
        if _history(path, number).exists():
            os.replace(_history(path, number), _history(path, number + 1))


def history(path: Path) -> list[Path]:
    """The kept previous versions, newest first."""
    return [_history(path, n) for n in range(1, HISTORY_KEPT + 1) if _history(path, n).exists()]


@contextmanager
def _lock(path: Path) -> Iterator[None]:
    """Hold the edit lock of the desk file: a thread lock in this process and an `flock` of the
    sibling `.<name>.lock` against other processes (the CLI and the dashboard)."""
    path = path.resolve()
    with _locks_guard:
        local = _locks.setdefault(path, threading.Lock())
    with local:
        try:
            handle = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            read_desk_text(path)  # a missing desk file or folder is said so first
            raise DeskFileError(f"{path}: cannot lock the desk file for editing: {error}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            os.close(handle)


def edit(
    path: Path, change: Callable[[str, str], str], check: Callable[[DeskConfig], object] | None = None
) -> DeskConfig:
    """Apply `change(text, name)` to the desk file; write it only if the whole new text is a
    valid desk and `check` (more checks on the configuration) passes; else DeskFileError and
    the file untouched. Returns the new configuration."""
    name = str(path)
    with _lock(path):
        text = read_desk_text(path)
        new_text = change(text, name)
        config = parse_desk(new_text, name)
        if check is not None:
            check(config)
        if new_text != text:
            write(path, new_text)
        return config
