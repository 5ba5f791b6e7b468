"""What a build raises."""


class BuildError(RuntimeError):
    """A build that cannot start or did not finish; the message says why and where."""
