"""shinchoku (進捗): a government digital policy from plan to published progress report."""

__version__ = "0.1.0"
