"""The connectors by the name a desk file gives them."""

from __future__ import annotations

from .base import Connector
from .congress import Congress
from .coral import Coral
from .disqus import Disqus
from .federal_register import FederalRegister
from .ofac import Ofac
from .reddit import Reddit

CONNECTORS: dict[str, Connector] = {
    connector.name: connector
    for connector in (FederalRegister(), Congress(), Ofac(), Reddit(), Disqus(), Coral())
}
