"""The YAML dataset format: read, write, JSON Schema, and the bundled example."""

from shinchoku.dataset.bundled import EXAMPLE_NAME, example_path, load_example
from shinchoku.dataset.reader import read_dataset
from shinchoku.dataset.schema import dataset_schema
from shinchoku.dataset.writer import dataset_files, write_dataset

__all__ = [
    "EXAMPLE_NAME",
    "dataset_files",
    "dataset_schema",
    "example_path",
    "load_example",
    "read_dataset",
    "write_dataset",
]
