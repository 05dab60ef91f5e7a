"""The demo newsroom: one loopback HTTP server per outlet, all on one shared port.

Outlets live on 127.0.0.11, 127.0.0.12, ... (`first_host`). With `port=0` the
first outlet takes a free port and the others bind the same one (retried a few
times if another program holds it on one of the addresses). Linux routes all of
127.0.0.0/8 to loopback; on macOS the extra addresses need `ifconfig lo0 alias`.
See clock.py for the rule that releases the storyline.

    python -m signaldesk.demo.server --speed 3600
"""

from __future__ import annotations

import argparse
import errno
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ..errors import SignaldeskError
from .clock import Clock
from .responses import Response, Site, conditional, not_found, text
from .site import StorySite
from .storyline import Moment, Storyline, load_storyline


@dataclass(frozen=True, slots=True)
class Outlet:
    id: str
    name: str
    kind: str
    host: str
    base_url: str
    feed_url: str
    feed_format: str
    sitemap_url: str
    listing_url: str | None


class _Handler(BaseHTTPRequestHandler):
    server_version = "DemoNewsroom/1.0"
    protocol_version = "HTTP/1.1"
    wbufsize = 64 * 1024  # headers and body leave in one write; flushed after each request
    disable_nagle_algorithm = True
    site: Site

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        site: Site = self.server.site  # type: ignore[attr-defined]
        try:
            response = site.respond(self.path, time.time())
        except Exception as error:  # a page bug must not drop the connection
            response = text(500, f"internal error: {type(error).__name__}", "text/plain")
        response = conditional(
            response, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        )
        self.send_response(response.status)
        for name, value in response.headers():
            self.send_header(name, value)
        body = b"" if response.status == 304 else response.body
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body and body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, address: tuple[str, int], site: Site) -> None:
        self.site = site
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A reader that hangs up mid-answer (Ctrl-C on the desk) is normal; anything else is shown."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


SiteFactory = Callable[[Clock, list[Outlet]], list[Site]]


class Newsroom:
    """The demo outlets playing the storyline on loopback; also a context manager.

    `speed` is storyline seconds per real second (inf, or `release_all`, serves
    everything at once); `skip_to` ("d2 09:00") starts the clock mid-story. Outlet
    addresses are 127.0.0.<first_host>, <first_host + 1>, ... on one `port`
    (0: a free one, known after `start()`).
    """

    def __init__(
        self,
        *,
        port: int = 8731,
        first_host: int = 11,
        speed: float = 3600.0,
        release_all: bool = False,
        skip_to: str | None = None,
    ) -> None:
        if speed <= 0:
            raise SignaldeskError("the newsroom speed must be positive (storyline seconds per real second)")
        if not 1 <= first_host <= 254:
            raise SignaldeskError("first_host is the last byte of a 127.0.0.x address, between 1 and 254")
        self.port = port
        self.first_host = first_host
        self.speed = speed
        self.release_all = release_all
        self.skip = Moment.parse(skip_to) if skip_to else None
        self.storyline: Storyline | None = load_storyline()
        self._specs: list[tuple[str, str, str, str, str | None]] = [
            (s.id, s.name, s.kind, s.feed_path, s.listing_path) for s in self.storyline.outlets
        ]
        self._formats = {s.id: s.feed_format for s in self.storyline.outlets}
        if first_host + len(self._specs) - 1 > 254:
            raise SignaldeskError(
                f"{len(self._specs)} outlets from 127.0.0.{first_host} do not fit in 127.0.0.x"
            )
        self._factory: SiteFactory = self._story_sites
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self.clock: Clock | None = None
        self.sites: list[Site] = []
        self._synthetic_pages = 0

    @classmethod
    def synthetic(
        cls,
        hosts: int = 50,
        pages_per_host: int = 40,
        page_kb: int = 200,
        port: int = 0,
        first_host: int = 11,
        seed: int = 7,
        prerender: bool = False,
    ) -> Newsroom:
        """Many hosts with one RSS feed each and heavy generated pages, for benchmarks;
        `prerender` makes every page before serving (about 2.4 ms and 270 KB each)."""
        from .synthetic import SyntheticSite, warm

        if hosts < 1 or first_host + hosts - 1 > 254:
            raise SignaldeskError(f"{hosts} hosts from 127.0.0.{first_host} do not fit in 127.0.0.1-254")
        room = cls(port=port, first_host=first_host, release_all=True)
        room.storyline = None
        room._specs = [
            (f"site{n:03d}", f"Synthetic Site {n}", "synthetic", "/feed.xml", None) for n in range(hosts)
        ]
        room._formats = {spec[0]: "rss" for spec in room._specs}
        room._synthetic_pages = hosts * pages_per_host

        def factory(clock: Clock, outlets: list[Outlet]) -> list[Site]:
            warm()
            return [site(n, o.base_url) for n, o in enumerate(outlets)]

        def site(index: int, base_url: str) -> Site:
            made = SyntheticSite(index, base_url, pages_per_host, page_kb, seed)
            if prerender:
                made.prerender()
            return made

        room._factory = factory
        return room

    @property
    def outlets(self) -> list[Outlet]:
        result = []
        for index, (oid, name, kind, feed_path, listing_path) in enumerate(self._specs):
            host = f"127.0.0.{self.first_host + index}"
            base = f"http://{host}:{self.port}"
            result.append(
                Outlet(
                    oid,
                    name,
                    kind,
                    host,
                    base,
                    base + feed_path,
                    self._formats[oid],
                    base + "/news-sitemap.xml",
                    base + listing_path if listing_path else None,
                )
            )
        return result

    def _story_sites(self, clock: Clock, outlets: list[Outlet]) -> list[Site]:
        assert self.storyline is not None
        return [
            StorySite(spec, self.storyline, clock, o.base_url)
            for spec, o in zip(self.storyline.outlets, outlets, strict=True)
        ]

    def start(self) -> None:
        """Bind every outlet and serve; returns once all of them listen."""
        if self._servers:
            return
        length = self.storyline.last.offset if self.storyline else timedelta(0)
        wall = time.time()
        self.clock = Clock.starting(wall, length, self.speed, self.release_all, self.skip)
        self._bind()
        self.sites = self._factory(self.clock, self.outlets)
        for server, site, outlet in zip(self._servers, self.sites, self.outlets, strict=True):
            server.site = site
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"newsroom-{outlet.host}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)

    def _bind(self) -> None:
        hosts = [f"127.0.0.{self.first_host + i}" for i in range(len(self._specs))]
        for _attempt in range(10 if self.port == 0 else 1):
            servers: list[_Server] = []
            try:
                first = _Server((hosts[0], self.port), _Idle())
                servers.append(first)
                port = first.server_address[1]
                for host in hosts[1:]:
                    servers.append(_Server((host, port), _Idle()))
            except OSError as error:
                for server in servers:
                    server.server_close()
                if self.port == 0 and error.errno == errno.EADDRINUSE:
                    continue
                where = f"{hosts[len(servers)]}:{self.port or 'a free port'}"
                raise SignaldeskError(
                    f"cannot listen on {where}: {error.strerror or error}; "
                    "pick another port (--port) or first host"
                ) from None
            self._servers = servers
            self.port = port
            return
        raise SignaldeskError("found no port free on all the demo addresses after 10 tries")

    def stop(self) -> None:
        """Stop serving and close every socket."""
        stoppers = [threading.Thread(target=s.shutdown) for s in self._servers]
        for thread in stoppers:
            thread.start()
        for thread in stoppers:
            thread.join(timeout=5)
        for server in self._servers:
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers, self._threads = [], []

    def __enter__(self) -> Newsroom:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _released(self) -> tuple[int, int]:
        if not self.storyline:
            pages = self._synthetic_pages
            return (0 if self.clock is None else pages), pages
        total = len(self.storyline.items)
        if self.clock is None:
            return 0, total
        now = time.time()
        return sum(self.clock.visible(i.published, now) for i in self.storyline.items), total

    @property
    def released(self) -> int:
        """Storyline items served by now (every wire copy counts)."""
        return self._released()[0]

    @property
    def total(self) -> int:
        return self._released()[1]

    @property
    def finished(self) -> bool:
        """True once every item, update and comment of the storyline is out."""
        if self.clock is None:
            return False
        if self.storyline is None:
            return True
        return self.clock.visible(self.storyline.last, time.time())

    def desk_yaml(self) -> str:
        """The demo desk file for this newsroom's addresses."""
        from .deskfile import desk_yaml

        return desk_yaml(self.outlets)


class _Idle:
    """Placeholder site while the servers are bound but not yet serving."""

    def respond(self, path: str, wall: float) -> Response:
        return not_found(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m signaldesk.demo.server",
        description="Serve the demo newsroom on loopback until Ctrl-C.",
    )
    parser.add_argument("--port", type=int, default=8731, help="port shared by all outlets (0: any free)")
    parser.add_argument("--first-host", type=int, default=11, help="last byte of the first 127.0.0.x address")
    parser.add_argument("--speed", type=float, default=3600.0, help="storyline seconds per real second")
    parser.add_argument("--release-all", action="store_true", help="serve the whole storyline at once")
    parser.add_argument(
        "--skip-to", metavar="MOMENT", help="start the clock at a storyline time, like 'd2 09:00'"
    )
    parser.add_argument("--desk", metavar="FILE", help="also write the demo desk file here")
    args = parser.parse_args(argv)
    room = Newsroom(
        port=args.port,
        first_host=args.first_host,
        speed=args.speed,
        release_all=args.release_all,
        skip_to=args.skip_to,
    )
    try:
        room.start()
    except SignaldeskError as error:
        print(f"error: {error}")
        return 1
    if args.desk:
        with open(args.desk, "w", encoding="utf-8") as handle:
            handle.write(room.desk_yaml())
    pace = "everything released" if room.clock and room.clock.release_all else f"speed {args.speed:g}x"
    print(f"Demo newsroom: {len(room.outlets)} outlets, {room.total} items, {pace}")
    for outlet in room.outlets:
        print(f"  {outlet.name:<66} {outlet.base_url:<24} feed {outlet.feed_url}")
    print("Ctrl-C to stop.")
    try:
        last = -1
        while True:
            time.sleep(1)
            if room.released != last:
                last = room.released
                print(f"  released {last}/{room.total}" + (" (all)" if room.finished else ""), flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        room.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
