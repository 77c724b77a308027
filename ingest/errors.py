"""The one exception family the command line reports in a line, without a traceback."""


class QuotetrackError(Exception):
    """A failure the user can act on; the message says what happened and what to do."""
