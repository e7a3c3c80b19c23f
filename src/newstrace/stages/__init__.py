"""Built-in pipeline stages. Importing this package registers them."""

from newstrace.stages import annotate, attribution, clean  # noqa: F401
