"""quotetrack: extract, attribute and store quotes and claims from news articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("quotetrack")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

EXTRACTOR = f"quotetrack {__version__}"
