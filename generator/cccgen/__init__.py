"""cccgen: a schema-first code generator and validator for Alibaba Cloud Contact Center APIs."""

__version__ = "0.1.0"
