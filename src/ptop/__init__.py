"""ptop: a process and thread monitor made for teaching.

Importing this package loads nothing else, so `ptop --list-scenarios` and
`ptop --once --json` stay fast and never import Textual.
"""

__version__ = "0.1.0"
