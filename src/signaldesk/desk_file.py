"""Read-modify-write of one section of the desk file, validated as the whole file before writing.

The pure core works on text: a section is cut out, replaced or changed item by item, and
the rest of the file stays byte for byte as it was (comments, key order, anchors). The new
text is then checked with `parse_desk` under the desk file's name, so an edit is refused
with exactly the message loading the file would give. Only a valid text is written: to a
temporary file moved over the old one, after the old one is kept as `desk.yaml.1` (the
previous versions shift to `.2` ... `.5`).

Channel URLs hold secrets. `editable_text` shows them with `***` in place of each secret;
`keep_secrets` puts the old secret back wherever an edited URL still holds `***`.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import shutil
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from .config import DeskConfig, parse_desk
from .errors import DeskFileError, NotFoundError
from .secrets import HIDDEN, SECRET_NAMES

SECTIONS = ("watches", "actors", "frames", "playbook", "channels", "rules")
LISTS = (*SECTIONS, "sources")
HISTORY_KEPT = 5
_SINGULAR = {"sources": "source", "actors": "actor", "watches": "watch", "frames": "frame"}
_SINGULAR |= {"playbook": "playbook item", "channels": "channel", "rules": "rule"}
_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def check_section(section: str) -> str:
    """The section name if it is one the settings can edit; else NotFoundError with a hint."""
    if section not in SECTIONS:
        close = difflib.get_close_matches(section, SECTIONS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
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
    key line keeps its comment; a missing section is added at the end."""
    text = text.replace("\r\n", "\n")
    value = new_value.replace("\r\n", "\n").replace("\r", "\n")
    has_content = value.strip() != "[]" and any(
        line.strip() and not line.lstrip().startswith("#") for line in value.splitlines()
    )
    value = "" if value.strip() == "[]" else value
    lines = text.splitlines(keepends=True)
    found = _bounds(lines, section)
    margin = " " * (_margin(lines[found[0] + 1 : found[1]]) if found else 2)
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
    """JSON-like values as YAML can write them (tuples become lists)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


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


# -- secrets in channel URLs --------------------------------------------------------


def _token_like(piece: str) -> bool:
    """A user name, host or path part that looks like a token: 8+ characters, letters and digits,
    no dots (host names have dots)."""
    piece = unquote(piece)
    return (
        len(piece) >= 8
        and "." not in piece
        and any(c.isdigit() for c in piece)
        and any(c.isalpha() for c in piece)
    )


def hide_secrets(url: str) -> str:
    """The URL with its password, secret-named query values and token-like parts as ***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return HIDDEN
    userinfo, at, host = parts.netloc.rpartition("@")
    if at:
        user, colon, password = userinfo.partition(":")
        user = HIDDEN if _token_like(user) else user
        netloc = f"{user}{colon}{HIDDEN if password else ''}@{host}"
    else:
        netloc = HIDDEN if _token_like(host) else host
    path = "/".join(HIDDEN if _token_like(p) else p for p in parts.path.split("/"))
    query = "&".join(_hide_pair(pair) for pair in parts.query.split("&")) if parts.query else ""
    return urlunsplit((parts.scheme, netloc, path, query, parts.fragment))


def _hide_pair(pair: str) -> str:
    name, equals, _ = pair.partition("=")
    return f"{name}={HIDDEN}" if equals and SECRET_NAMES.search(unquote(name)) else pair


def restore_secrets(new: str, old: str) -> str:
    """`new` with each *** put back from `old` (the URL before the edit), piece by piece: the
    user name and password, the host, path parts by position, query values by name."""
    if HIDDEN not in new:
        return new
    if hide_secrets(old) == new:
        return old
    try:
        fresh, before = urlsplit(new), urlsplit(old)
    except ValueError:
        return new
    userinfo, at, host = fresh.netloc.rpartition("@")
    old_userinfo, _, old_host = before.netloc.rpartition("@")
    if at:
        user, colon, password = userinfo.partition(":")
        old_user, _, old_password = old_userinfo.partition(":")
        user = old_user if user == HIDDEN and old_user else user
        password = old_password if password == HIDDEN and old_password else password
        netloc = f"{user}{colon}{password}@{host}"
    else:
        netloc = old_host if host == HIDDEN else host
    old_path = before.path.split("/")
    path = "/".join(
        old_path[i] if p == HIDDEN and i < len(old_path) else p for i, p in enumerate(fresh.path.split("/"))
    )
    old_values = dict(pair.partition("=")[::2] for pair in before.query.split("&") if pair)
    pairs = []
    for pair in fresh.query.split("&") if fresh.query else []:
        key, _, value = pair.partition("=")
        pairs.append(f"{key}={old_values[key]}" if value == HIDDEN and key in old_values else pair)
    return urlunsplit((fresh.scheme, netloc, path, "&".join(pairs), fresh.fragment))


def editable_text(text: str, section: str, name: str = "desk.yaml") -> str:
    """A section's YAML to show in a form: for channels, with every secret as ***."""
    check_section(section)
    if section != "channels":
        return section_text(text, section)
    items = _load_list(text, section, name)
    for item in items:
        if isinstance(item, MutableMapping) and isinstance(item.get("url"), str):
            item["url"] = hide_secrets(item["url"])
    return _dump(items)


def keep_secrets(old_text: str, new_value: str, name: str = "desk.yaml") -> str:
    """The edited channels YAML with *** replaced by the old secrets (matched by channel id,
    else by position). Text that does not load is returned as it is, for `parse_desk` to explain."""
    from ruamel.yaml.error import YAMLError

    if HIDDEN not in new_value:
        return new_value
    try:
        items = _yaml().load(new_value)
    except YAMLError:
        return new_value
    old = _load_list(old_text, "channels", name)
    by_id = {item.get("id"): item.get("url") for item in old if isinstance(item, Mapping)}
    by_place = [item.get("url") if isinstance(item, Mapping) else None for item in old]
    for index, item in enumerate(items if isinstance(items, list) else []):
        url = item.get("url") if isinstance(item, Mapping) else None
        if not isinstance(url, str) or HIDDEN not in url:
            continue
        before = by_id.get(item.get("id")) or (by_place[index] if index < len(by_place) else None)
        restored = restore_secrets(url, before) if isinstance(before, str) else url
        if HIDDEN in restored:
            raise DeskFileError(
                f"{name}: channels[{index}].url: it still holds {HIDDEN} where there is no old secret "
                "to keep; type the secret"
            )
        item["url"] = restored
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


def _lock(path: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(path.resolve(), threading.Lock())


def edit(
    path: Path, change: Callable[[str, str], str], check: Callable[[DeskConfig], object] | None = None
) -> DeskConfig:
    """Apply `change(text, name)` to the desk file; write it only if the whole new text is a
    valid desk and `check` (more checks on the configuration) passes; else DeskFileError and
    the file untouched. Returns the new configuration."""
    name = str(path)
    with _lock(path):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise DeskFileError(f"{path}: no desk file here; create one with `signaldesk init`") from None
        except (OSError, UnicodeDecodeError) as error:
            raise DeskFileError(f"{path}: cannot read the desk file: {error}") from None
        new_text = change(text, name)
        config = parse_desk(new_text, name)
        if check is not None:
            check(config)
        if new_text != text:
            write(path, new_text)
        return config
