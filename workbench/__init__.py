"""workbench: quote attribution and fact-check workbench for the terminal.

The core (everything outside ``workbench.tui``) never imports textual.
"""

__version__ = "0.1.0"
