"""Stores cut down to their protocol: a layer that asks for anything else (``conn``, a private
method, SQL) fails, so a test run through them proves the layer above uses the seam only."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from workbench.storage import url as url_module
from workbench.storage.protocols import CorpusStore, ReviewStore, ReviewTransaction


def _names(protocol) -> frozenset[str]:
    return frozenset(n for n in dir(protocol) if not n.startswith("_"))


class OnlyProtocol:
    """*target* as seen through *protocol*: its other attributes are hidden."""

    def __init__(self, target, protocol) -> None:
        self._target, self._protocol, self._allowed = target, protocol, _names(protocol)

    def __getattr__(self, name: str):
        if name not in self._allowed:
            raise AttributeError(f"{name!r} is not part of {self._protocol.__name__}")
        return getattr(self._target, name)


class ReviewStoreOnly(OnlyProtocol):
    """A :class:`ReviewStore` whose transactions are cut down to :class:`ReviewTransaction`."""

    def __init__(self, target) -> None:
        super().__init__(target, ReviewStore)

    @contextmanager
    def write(self, durable: bool = True):
        with self._target.write(durable) as tx:
            yield OnlyProtocol(tx, ReviewTransaction)

    @contextmanager
    def read(self):
        with self._target.read() as tx:
            yield OnlyProtocol(tx, ReviewTransaction)

    @property
    def closed(self) -> bool:
        return self._target.closed


def corpus_only(store) -> OnlyProtocol:
    return OnlyProtocol(store, CorpusStore)


@pytest.fixture(autouse=True)
def reviews_through_the_protocol(monkeypatch):
    """Every SessionStore of the test opens its store cut down to the ReviewStore protocol."""
    real = url_module.backend_for

    def backend_for(target):
        backend = real(target)
        return url_module.Backend(backend.name, backend.open_corpus,
                                  lambda t, **kw: ReviewStoreOnly(backend.open_reviews(t, **kw)))

    monkeypatch.setattr("workbench.review.session.backend_for", backend_for)
