"""The desk file: its schema, loading it, and error messages that name file:line.

Every setting has a default and a line of help (the `description` of its field);
docs/desk-file.md is checked against these by a test.
"""

from __future__ import annotations

import difflib
import re
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import DeskFileError

ID = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _duration(value: Any) -> Any:
    """Accept seconds as a number or a string like '90s', '5m', '2h', '1d'."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value)
        if not match:
            raise ValueError("a duration is a number of seconds or like '90s', '5m', '2h', '1d'")
        number, unit = float(match[1]), match[2] or "s"
        return number * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    return value


class Poll(Model):
    min: float = Field(60, description="Shortest time between two polls of the source, in seconds or '5m'.")
    max: float = Field(3600, description="Longest time between two polls of the source, in seconds or '1h'.")

    _parse = field_validator("min", "max", mode="before")(_duration)

    @model_validator(mode="after")
    def _ordered(self) -> Poll:
        if self.min <= 0 or self.max < self.min:
            raise ValueError("poll bounds need 0 < min <= max")
        return self


class Listing(Model):
    selector: str | None = Field(None, description="CSS selector of the article links on a listing page.")
    pattern: str | None = Field(
        None, description="Regular expression a link's URL must match to count as an article."
    )

    @field_validator("pattern")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"not a valid regular expression: {error}") from None
        return value


class Source(Model):
    id: ID = Field(description="Unique id of the source, lower case: letters, digits, '-', '_', '.'.")
    outlet: str = Field(description="Name of the outlet or institution, as shown to analysts.")
    url: str = Field(description="Address of the feed, sitemap, listing page or API endpoint.")
    kind: Literal["feed", "sitemap", "listing", "api"] = Field(
        "feed", description="How the source lists its items."
    )
    genre: Literal["news", "opinion", "analysis", "official", "comments"] = Field(
        "news", description="Genre hint for items of this source when the page does not say."
    )
    country: str = Field("US", description="Country of the outlet (ISO 3166 alpha-2).")
    language: str = Field("en", description="Main language of the source (ISO 639-1).")
    poll: Poll = Field(default_factory=Poll, description="Bounds of adaptive polling.")
    tags: tuple[str, ...] = Field((), description="Free labels, usable in queries and rules.")
    allow_private: bool = Field(
        False, description="Allow private and loopback addresses (demo and test desks only)."
    )
    enabled: bool = Field(True, description="A disabled source is kept but never polled.")
    listing: Listing | None = Field(None, description="For kind 'listing': how article links are picked.")
    section: str = Field("", description="Section name given to its items when the page does not say.")
    connector: str | None = Field(
        None,
        description="For kind 'api': which connector reads it (federal-register, congress, ofac, reddit, ...).",
    )
    params: dict[str, str] = Field(
        default_factory=dict, description="Connector settings, such as a search term."
    )
    key_env: str | None = Field(
        None, description="Name of the environment variable holding the API key (never the key itself)."
    )

    @field_validator("url")
    @classmethod
    def _http(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(
                f"'{value}' is not an http(s) address; write it like https://example.com/feed.xml"
            )
        return value


class Actor(Model):
    id: ID = Field(description="Unique id of the actor.")
    name: str = Field(description="Canonical name.")
    kind: Literal["institution", "person", "party", "country", "organisation"] = Field(
        "person", description="What the actor is."
    )
    aliases: tuple[str, ...] = Field((), description="Other names, spellings and romanisations.")
    roles: tuple[str, ...] = Field((), description="Titles and role phrases that point to this actor.")
    affiliation: str | None = Field(None, description="Id of the institution the actor belongs to.")
    party: str | None = Field(None, description="Political party, for people.")
    country: str = Field("US", description="Country the actor speaks for (ISO 3166 alpha-2).")


class Frame(Model):
    id: ID = Field(description="Unique id of the frame.")
    name: str = Field(description="Name shown to analysts.")
    terms: tuple[str, ...] = Field((), description="Words and phrases that signal the frame.")
    softening: tuple[str, ...] = Field((), description="Phrases that move the frame toward engagement.")
    hardening: tuple[str, ...] = Field((), description="Phrases that move the frame toward pressure.")


class Watch(Model):
    id: ID = Field(description="Unique id of the watch.")
    name: str = Field(description="Name shown to analysts.")
    query: str = Field(description="Query in the query language that selects the watch's documents.")


class Shift(Model):
    name: str = Field(description="Name of the shift.")
    start: time = Field(description="Start, HH:MM in the desk's timezone.")
    end: time = Field(description="End, HH:MM in the desk's timezone; before start means the next day.")


class Rule(Model):
    id: ID = Field(description="Unique id of the rule.")
    name: str = Field("", description="Name shown in alerts.")
    query: str = Field("", description="Query the document must match (empty: every document).")
    when: Literal["match", "quote", "shift", "burst", "columnist", "official", "story_outlets"] = Field(
        "match", description="What event the rule fires on."
    )
    actor: str | None = Field(None, description="Actor id the event must concern.")
    watch: str | None = Field(None, description="Watch id the document must belong to.")
    outlets: int = Field(0, description="For 'story_outlets': the number of outlets a story must cross.")
    severity: Literal["info", "notice", "warning", "critical"] = Field("notice", description="Severity.")
    channels: tuple[str, ...] = Field((), description="Channel ids the alert is sent to.")
    quiet_hours: str | None = Field(
        None, description="'HH:MM-HH:MM' in the desk's timezone when nothing is sent."
    )
    throttle: float = Field(3600, description="At most one alert per story in this many seconds.")

    _parse = field_validator("throttle", mode="before")(_duration)


class Channel(Model):
    id: ID = Field(description="Unique id of the channel.")
    url: str = Field(description="Apprise URL (mailto://, json://, slack://, ...); may hold secrets.")


class PlaybookItem(Model):
    id: ID = Field(description="Unique id of the playbook item.")
    when: str = Field(description="Condition on signals, actors, frames or stories.")
    consideration: str = Field(description="The response consideration the desk wrote.")


class Fetch(Model):
    user_agent: str = Field("signaldesk/0.1", description="Product part of the User-Agent header.")
    contact: str = Field(
        "https://github.com/signaldesk/signaldesk", description="Contact URL put in the User-Agent."
    )
    per_host_concurrency: int = Field(1, ge=1, le=16, description="Requests in flight to one host at most.")
    per_host_gap: float = Field(1.0, ge=0, description="Minimum seconds between two requests to one host.")
    connect_timeout: float = Field(10, gt=0, description="Seconds to open a connection.")
    read_timeout: float = Field(20, gt=0, description="Seconds to wait for the next bytes.")
    total_timeout: float = Field(60, gt=0, description="Seconds for a whole response.")
    max_bytes: int = Field(10_000_000, gt=0, description="Largest response body, also after decompression.")
    max_redirects: int = Field(5, ge=0, description="Redirects followed at most.")
    retries: int = Field(2, ge=0, description="Retries on 5xx and timeouts, with exponential backoff.")
    respect_robots: bool = Field(True, description="Obey robots.txt (disallow and crawl-delay).")
    concurrency: int = Field(32, ge=1, description="Requests in flight in all.")


class WebSub(Model):
    enabled: bool = Field(
        False, description="Subscribe to the WebSub hubs that feeds announce and take pushed items."
    )
    listen: str = Field("127.0.0.1:8788", description="host:port the callback endpoint listens on.")
    callback_url: str | None = Field(
        None,
        description="Address hubs call back, ending before /<source id> (default: http://LISTEN/websub).",
    )
    lease: float = Field(
        864000, gt=0, description="Lease asked of hubs, in seconds or '10d'; renewed before it ends."
    )

    _parse = field_validator("lease", mode="before")(_duration)

    @field_validator("listen")
    @classmethod
    def _host_port(cls, value: str) -> str:
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"'{value}' is not host:port; write it like 127.0.0.1:8788")
        return value

    @property
    def callback_base(self) -> str:
        return (self.callback_url or f"http://{self.listen}/websub").rstrip("/")


NarratedSection = Literal["developments", "institutions", "opinions", "readers", "watch"]
NARRATED: tuple[NarratedSection, ...] = ("developments", "institutions", "opinions", "readers", "watch")


class Narrative(Model):
    endpoint: str = Field(
        description="Base address of an OpenAI-compatible API, such as http://127.0.0.1:8080/v1."
    )
    model: str = Field(description="Name of the model the endpoint serves.")
    key_env: str | None = Field(
        None,
        description="Name of the environment variable holding the API key, read when the brief is written.",
    )
    timeout: float = Field(60, gt=0, le=600, description="Seconds to wait for each section's paragraph.")
    max_words: int = Field(120, ge=10, le=1000, description="Longest paragraph per section, in words.")
    sections: tuple[NarratedSection, ...] = Field(
        NARRATED, description="Sections that get a paragraph (those without cited lines are skipped)."
    )

    @field_validator("endpoint")
    @classmethod
    def _http(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+\S*$", value):
            raise ValueError(f"'{value}' is not an http(s) address; write it like http://127.0.0.1:8080/v1")
        return value.rstrip("/")


class Brief(Model):
    classification: str = Field(
        "UNCLASSIFIED // FOR OFFICIAL USE", description="Classification line on each page."
    )
    title: str = Field("Shift brief", description="Title of the brief.")
    top_stories: int = Field(8, ge=1, description="How many key developments the brief lists.")
    channels: tuple[str, ...] = Field(
        (),
        description="Channel ids the brief of each finished shift is sent to (email gets the PDF attached).",
    )
    narrative: Narrative | None = Field(
        None,
        description="Draft a short cited paragraph per section with a model behind an OpenAI-compatible endpoint (off when left out).",
    )


class DeskInfo(Model):
    name: str = Field(description="Name of the desk.")
    timezone: str = Field("America/New_York", description="IANA timezone the desk works in.")
    store: str = Field(
        "signaldesk.db",
        description="Store: a SQLite file path (relative to the desk file) or a database URL.",
    )
    archive: str = Field("archive", description="Folder for WARC files (relative to the desk file).")
    dashboard_url: str = Field(
        "http://127.0.0.1:8787", description="Address of the dashboard, for links in alerts and briefs."
    )

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"'{value}' is not an IANA timezone; write it like America/New_York") from None
        return value


class DeskConfig(Model):
    desk: DeskInfo = Field(description="Name, timezone, store and archive of the desk.")
    fetch: Fetch = Field(default_factory=Fetch, description="How politely and how far the fetcher goes.")
    websub: WebSub = Field(default_factory=WebSub, description="Push delivery from WebSub hubs.")
    shifts: tuple[Shift, ...] = Field((), description="The desk's shift windows.")
    watches: tuple[Watch, ...] = Field((), description="Named topics, each a query.")
    actors: tuple[Actor, ...] = Field((), description="Institutions and people the desk follows.")
    frames: tuple[Frame, ...] = Field((), description="The policy-frame taxonomy.")
    sources: tuple[Source, ...] = Field((), description="Feeds, sitemaps, listing pages and APIs to poll.")
    channels: tuple[Channel, ...] = Field((), description="Where alerts and briefs are delivered.")
    rules: tuple[Rule, ...] = Field((), description="Alert rules.")
    playbook: tuple[PlaybookItem, ...] = Field((), description="Response considerations and when they apply.")
    ignored_names: tuple[str, ...] = Field(
        (), description="Names found by statistical NER that the desk chose not to track as actors."
    )
    brief: Brief = Field(default_factory=Brief, description="How shift briefs look.")

    @model_validator(mode="after")
    def _queries_and_conditions_parse(self) -> DeskConfig:
        """Watch and rule queries, and playbook conditions, are checked when the desk loads."""
        from .analyze.query import parse
        from .briefs.playbook import parse_condition
        from .errors import DeskFileError, QueryError

        for name in ("watches", "rules"):
            for index, item in enumerate(getattr(self, name)):
                if not item.query:
                    continue
                try:
                    parse(item.query)
                except QueryError as error:
                    message = error.message.splitlines()[0]
                    raise _Located(f"the query does not parse: {message}", (name, index, "query")) from None
        for index, entry in enumerate(self.playbook):
            try:
                parse_condition(entry, self)
            except DeskFileError as error:
                raise _Located(error.message, ("playbook", index, "when")) from None
        return self

    @model_validator(mode="after")
    def _connectors_named(self) -> DeskConfig:
        for index, source in enumerate(self.sources):
            if source.kind == "api" and not source.connector:
                raise _Located("a source of kind 'api' needs a connector", ("sources", index, "connector"))
        return self

    @model_validator(mode="after")
    def _unique_and_known(self) -> DeskConfig:
        for name in ("watches", "actors", "frames", "sources", "channels", "rules", "playbook"):
            seen: set[str] = set()
            for index, item in enumerate(getattr(self, name)):
                if item.id in seen:
                    raise _Located(
                        f"duplicate id '{item.id}'; every id in {name} must be unique", (name, index, "id")
                    )
                seen.add(item.id)
        actors = {a.id for a in self.actors}
        channels = {c.id for c in self.channels}
        watches = {w.id for w in self.watches}
        for channel in self.brief.channels:
            if channel not in channels:
                raise _Located(
                    f"unknown channel '{channel}'{suggest(channel, channels)}", ("brief", "channels")
                )
        for index, rule in enumerate(self.rules):
            if rule.actor and rule.actor not in actors:
                raise _Located(
                    f"unknown actor '{rule.actor}'{suggest(rule.actor, actors)}", ("rules", index, "actor")
                )
            if rule.watch and rule.watch not in watches:
                raise _Located(
                    f"unknown watch '{rule.watch}'{suggest(rule.watch, watches)}", ("rules", index, "watch")
                )
            for channel in rule.channels:
                if channel not in channels:
                    raise _Located(
                        f"unknown channel '{channel}'{suggest(channel, channels)}",
                        ("rules", index, "channels"),
                    )
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.desk.timezone)


class _Located(ValueError):
    """A cross-field error that knows where in the file it belongs."""

    def __init__(self, message: str, loc: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.loc = loc


def suggest(word: str, choices: set[str] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _line_index(node: yaml.Node, path: tuple[str | int, ...] = ()) -> dict[tuple[str | int, ...], int]:
    """Map every path in a YAML document to its 1-based line."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines.update(_line_index(value, (*path, key.value)))
            lines[(*path, key.value, "__key__")] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            lines.update(_line_index(value, (*path, index)))
    return lines


def _dotted(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that holds the field at `loc` (for unknown-field hints)."""
    model: Any = DeskConfig
    for part in loc:
        if isinstance(part, int):
            continue
        field = (
            model.model_fields.get(part) if isinstance(model, type) and issubclass(model, BaseModel) else None
        )
        if field is None:
            return model if isinstance(model, type) and issubclass(model, BaseModel) else None
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        model = next(
            (a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None
        )
        if model is None:
            return None
    return model


def _explain(error: dict[str, Any], lines: dict[tuple[str | int, ...], int], name: str) -> str:
    loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    kind = error["type"]
    message = str(error.get("msg", "invalid value"))
    message = message.removeprefix("Value error, ")
    if kind == "extra_forbidden":
        owner = _model_at(loc[:-1])
        known = list(owner.model_fields) if owner else []
        message = f"unknown field '{loc[-1]}'{suggest(str(loc[-1]), known)}"
        if known:
            message += f"; known fields here: {', '.join(known)}"
    elif kind == "missing":
        message = f"missing required field '{loc[-1]}'"
    line = lines.get((*loc, "__key__")) or _nearest(lines, loc)
    where = f"{name}:{line}" if line else name
    return f"{where}: {_dotted(loc)}: {message}"


def _nearest(lines: dict[tuple[str | int, ...], int], loc: tuple[str | int, ...]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def parse_desk(text: str, name: str = "desk.yaml") -> DeskConfig:
    """Validate a desk file's text; raise DeskFileError naming file:line and field."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        problem = getattr(error, "problem", None) or str(error)
        raise DeskFileError(f"{where}: not valid YAML: {problem}") from None
    if not isinstance(data, dict) or node is None:
        raise DeskFileError(f"{name}: a desk file is a mapping with at least a 'desk:' section")
    lines = _line_index(node)
    try:
        return DeskConfig.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            cause = item.get("ctx", {}).get("error")
            if isinstance(cause, _Located):
                problems.append(
                    _explain({"loc": cause.loc, "type": "located", "msg": str(cause)}, lines, name)
                )
            else:
                problems.append(_explain(dict(item), lines, name))
        raise DeskFileError("\n".join(problems), details=problems) from None


def read_desk_text(path: str | Path) -> str:
    """The text of the desk file at `path`; DeskFileError when it is missing or unreadable."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DeskFileError(f"{path}: no desk file here; create one with `signaldesk init`") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DeskFileError(f"{path}: cannot read the desk file: {error}") from None


def load_desk(path: str | Path) -> DeskConfig:
    """Read and validate the desk file at `path`."""
    return parse_desk(read_desk_text(path), str(path))
