#!/usr/bin/env python3
"""Entry point: `python build.py …` behaves exactly like the installed `katalog` command."""

from katalog.cli import main

if __name__ == "__main__":
    main(prog_name="katalog")
