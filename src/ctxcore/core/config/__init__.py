"""Configuration: the records (``Config`` and its parts), the catalogue of every setting, how
values are parsed, config files (YAML and INI), and the pure resolver that builds the records
from an environment and a file with the provenance of every field."""
